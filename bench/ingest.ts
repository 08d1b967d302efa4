/**
 * Measurement 4: symptom reports sent by patients' devices through POST /api/v1/reports, each
 * graded, triaged, stored with its alert and audit event, in rounds beside its raw floor (the same
 * statements straight through postgres.js) with and without the audit event. Then the guarantees: every acknowledged
 * report is stored exactly once (also when a sample is sent again with the same Idempotency-Key,
 * as a device retrying after a lost answer would), and the audit chain still verifies.
 *
 * One request in ten is a red report from a patient with no open alert (each such patient reports
 * once), which raises a red alert and queues its on-call notifications in the same transaction.
 * With a mailbox (the app's SMTP server), the bench waits for them and reports the time from each
 * report's acceptance (its transaction's start, when the notifications were queued) to its first
 * email arriving, and the notifications that never arrived.
 */
import { randomBytes, randomUUID } from "node:crypto";
import { sql } from "drizzle-orm";
import type postgres from "postgres";
import type { Database, Tx } from "../db/client";
import { appendAuditEvent, verifyAuditChain } from "../db/queries/audit";
import { hashDeviceToken } from "../db/queries/device-tokens";
import { submitReport } from "../db/queries/report-submit";
import type { OrganisationSettings } from "../db/schema/organisations";
import { careTeamId as careTeamOf, patientId, patientTeam, TEAM_COUNT } from "../db/seed-scale/world";
import { makeSymptomReportInput } from "../lib/reports/validation";
import { reportSettingsFor } from "../server/reports/settings";
import { type BenchRequest, closedLoop, loadSamples, type Samples, send } from "./http";
import type { BenchMailbox } from "./mailbox";
import { BENCH_TEAM } from "./queries";
import { type Summary, summarise } from "./stats";

export type IngestResult = {
  acknowledged: number;
  stored: number;
  lost: number;
  duplicated: number;
  retried: number;
  retriesReplayed: number;
  auditChain: { ok: boolean; events: number; problem: string | null };
  /** Red alerts raised during the load, and their on-call emails: null without a mailbox. */
  notifications: NotificationResult | null;
};

export type NotificationResult = {
  redAlerts: number;
  queued: number;
  delivered: number;
  lost: number;
  /** From a red report's acceptance to its alert's first email reaching the SMTP server. */
  firstEmail: Summary;
};

/** Devices sending reports: four patients per care team, leaving out the team whose queue is measured. */
const DEVICES = (TEAM_COUNT - 1) * 4;
const RETRIES = 100;
/** Patients who send one red report each: more than the red reports a run sends. */
const RED_PATIENTS = 600;
/** How long to wait, after the load, for the last notifications to arrive. */
const DELIVERY_WAIT_MS = 60_000;

/** A fever with shaking chills: red. */
const RED_BODY = JSON.stringify({ answers: { shaking_chills: { frequency: 2, severity: 2 } }, temperatureC: 38.4 });

/** What a device sends: mostly mild days, one in five an amber day that raises an alert. */
function reportBody(n: number): string {
  const amber = n % 5 === 0;
  return JSON.stringify({
    answers: {
      nausea: amber ? { frequency: 3, severity: 2 } : { frequency: 1, severity: 1 },
      fatigue: { severity: 1, interference: 0 },
    },
    temperatureC: 36.8,
  });
}

/**
 * A device token for each of the first DEVICES patients outside the bench nurse's team, so the
 * alerts ingestion raises do not change the queue that measurement 1 reads on the next run.
 */
async function issueDeviceTokens(owner: postgres.Sql): Promise<string[]> {
  return issueTokensFor(owner, await devicePatients());
}

async function devicePatients(): Promise<string[]> {
  const patients: string[] = [];
  for (let i = 0; patients.length < DEVICES; i++) if (patientTeam(i) !== BENCH_TEAM) patients.push(patientId(i));
  return patients;
}

async function issueTokensFor(owner: postgres.Sql, patients: string[]): Promise<string[]> {
  const tokens: string[] = [];
  for (const patient of patients) {
    const token = `srm_${randomBytes(32).toString("base64url")}`;
    await owner`insert into device_tokens (patient_id, name, token_hash)
      values (${patient}, 'Bench device', ${hashDeviceToken(token)})`;
    tokens.push(token);
  }
  return tokens;
}

/**
 * Patients outside the bench nurse's team (and the regular devices') with no active alert, chosen
 * at random so that each run finds some: their red report raises a new alert.
 */
async function redPatients(owner: postgres.Sql, exclude: string[]): Promise<{ ids: string[]; tokens: string[] }> {
  const rows = await owner<{ id: string }[]>`
    select p.id from patients p
    where p.primary_care_team_id <> ${careTeamOf(BENCH_TEAM)} and p.id <> all(${exclude})
      and not exists (select 1 from alerts a where a.patient_id = p.id and a.status <> 'resolved')
    order by random() limit ${RED_PATIENTS}`;
  const ids = rows.map((r) => r.id);
  return { ids, tokens: await issueTokensFor(owner, ids) };
}

/** Waits for the on-call emails of the red alerts raised since `since`, and measures them. */
async function measureNotifications(
  owner: postgres.Sql,
  mailbox: BenchMailbox,
  patients: string[],
  since: Date,
): Promise<NotificationResult> {
  const queued = () =>
    owner<{ id: string; alert_id: string; queued_ms: string }[]>`
      select n.id, n.alert_id, (extract(epoch from n.created_at) * 1000)::bigint as queued_ms
      from notifications n join alerts a on a.id = n.alert_id
      where a.patient_id = any(${patients}) and n.step = 'on_call' and n.created_at >= ${since}`;
  const until = Date.now() + DELIVERY_WAIT_MS;
  let rows = await queued();
  while (rows.some((r) => !mailbox.arrivals.has(r.id)) && Date.now() < until) {
    await new Promise((resolve) => setTimeout(resolve, 250));
    rows = await queued();
  }
  const firstByAlert = new Map<string, number>();
  for (const r of rows) {
    const arrived = mailbox.arrivals.get(r.id);
    if (arrived === undefined) continue;
    const latency = arrived - Number(r.queued_ms);
    firstByAlert.set(r.alert_id, Math.min(latency, firstByAlert.get(r.alert_id) ?? Number.POSITIVE_INFINITY));
  }
  const delivered = rows.filter((r) => mailbox.arrivals.has(r.id)).length;
  return {
    redAlerts: new Set(rows.map((r) => r.alert_id)).size,
    queued: rows.length,
    delivered,
    lost: rows.length - delivered,
    firstEmail: summarise([...firstByAlert.values()]),
  };
}

/** What ingestion is measured with: the API's rounds and the raw floor's, then the checks. */
export type Ingestion = {
  /** One round of reports through POST /api/v1/reports, numbered on from the last round. */
  api: (durationMs: number) => Promise<Samples>;
  /** One round of the same statements straight through postgres.js, with or without the audit event. */
  raw: (withAudit: boolean) => (durationMs: number) => Promise<Samples>;
  /** After the rounds: retries, exactly-once, notifications and the audit chain. */
  finish: () => Promise<IngestResult>;
};

/**
 * Ingestion through the API, and its raw floor: what a report stores (the report with its answers
 * and grades, the alert it raises or joins, and its audit event) sent by the same number of
 * clients as owner-role transactions on `raw`, with no HTTP, session, consent check or row-level
 * security: the statements db/queries/report-submit.ts and the guard's audit append make.
 */
export async function prepareIngestion(
  baseUrl: string,
  owner: postgres.Sql,
  ownerDb: Database,
  raw: Database,
  options: { concurrency: number; mailbox: BenchMailbox | null },
): Promise<Ingestion> {
  const tokens = await issueDeviceTokens(owner);
  const red = options.mailbox ? await redPatients(owner, await devicePatients()) : { ids: [], tokens: [] };
  const [{ since }] = await owner<{ since: Date }[]>`select now() as since`;
  const run = randomUUID().slice(0, 8);
  /** The n-th request's key; a retry of request n sends the same key, token and body. */
  const keyOf = (n: number) => `bench-${run}-${n}`;
  /** The n-th request's red patient's token, if it is one of the red reports. */
  const redToken = (n: number) => (n % 10 === 0 ? red.tokens[n / 10] : undefined);
  const post = (n: number): BenchRequest => ({
    url: `${baseUrl}/api/v1/reports`,
    method: "POST",
    body: redToken(n) ? RED_BODY : reportBody(n),
    headers: {
      authorization: `Bearer ${redToken(n) ?? tokens[n % tokens.length]}`,
      "content-type": "application/json",
      "idempotency-key": keyOf(n),
    },
  });
  /** Report id of each request answered 201, by key. */
  const acknowledged = new Map<string, string>();
  let sent = 0;
  const api = async (durationMs: number) => {
    const first = sent;
    const samples = await loadSamples({
      concurrency: options.concurrency,
      durationMs,
      request: (n) => post(first + n),
      check: (response, n) => {
        if (response.status !== 201) return `HTTP ${response.status}: ${response.body.slice(0, 200)}`;
        acknowledged.set(keyOf(first + n), (JSON.parse(response.body) as { reportId: string }).reportId);
        return null;
      },
    });
    sent += samples.latencies.length;
    return samples;
  };

  const floor = await rawFloor(owner, raw, run);
  let rawSent = 0;
  const rawRound = (withAudit: boolean) => async (durationMs: number) => {
    const first = rawSent;
    const samples = await closedLoop(options.concurrency, durationMs, (n) => floor(first + n, withAudit));
    rawSent += samples.latencies.length;
    return samples;
  };

  const finish = async (): Promise<IngestResult> => {
    /** The run's stored reports: key and id of each (a key stored twice appears twice). */
    const stored = () =>
      owner<{ key: string; id: string }[]>`
        select idempotency_key as key, id from symptom_reports where idempotency_key like ${`bench-${run}-%`}`;
    const before = await stored();

    let retriesReplayed = 0;
    const sample = [...acknowledged.keys()].slice(0, RETRIES);
    for (const key of sample) {
      const response = await send(post(Number(key.slice(key.lastIndexOf("-") + 1))));
      const body = JSON.parse(response.body) as { reportId?: string };
      if (response.status === 200 && body.reportId === acknowledged.get(key)) retriesReplayed++;
    }
    const after = await stored();
    const storedIds = new Map(after.map((r) => [r.key, r.id]));

    const notifications = options.mailbox ? await measureNotifications(owner, options.mailbox, red.ids, since) : null;
    const chain = await verifyAuditChain(ownerDb, { batchSize: 10_000 });
    return {
      acknowledged: acknowledged.size,
      stored: after.length,
      lost: [...acknowledged].filter(([key, id]) => storedIds.get(key) !== id).length,
      // A key stored twice, or a retry that stored a report of its own instead of replaying.
      duplicated: after.length - storedIds.size + (after.length - before.length),
      retried: sample.length,
      retriesReplayed,
      auditChain: chain.ok
        ? { ok: true, events: chain.count, problem: null }
        : { ok: false, events: 0, problem: `event ${chain.eventId}: ${chain.reason}` },
      notifications,
    };
  };
  return { api, raw: rawRound, finish };
}

/**
 * The raw floor's one report: the n-th device's (as the API's n-th request, without its red
 * reports) stored by submitReport in one transaction as the owner, with its audit event when
 * `withAudit`, as the API's route stores it: the patient's identity set without a token, no consent
 * check, no row-level security. The bodies are validated once, beforehand.
 */
async function rawFloor(owner: postgres.Sql, raw: Database, run: string) {
  const ids = await devicePatients();
  const rows = await owner<{ id: string; user_id: string; organisation_id: string; settings: OrganisationSettings }[]>`
    select p.id, p.user_id, p.organisation_id, o.settings
    from patients p join organisations o on o.id = p.organisation_id where p.id = any(${ids})`;
  const byId = new Map(rows.map((r) => [r.id, r]));
  const patients = ids.map((id) => byId.get(id) as (typeof rows)[number]);
  const parse = makeSymptomReportInput();
  const inputs = [0, 1].map((n) => parse.parse(JSON.parse(reportBody(n))));
  return async (n: number, withAudit: boolean): Promise<string | null> => {
    const patient = patients[n % patients.length];
    await raw.transaction(async (tx) => {
      // The alert's functions act for a signed identity, as every statement of the app does.
      await tx.execute(sql`select app.set_identity(${patient.user_id}::uuid)`);
      const result = await submitReport(tx as Tx, {
        patientId: patient.id,
        organisationId: patient.organisation_id,
        submittedBy: patient.user_id,
        source: "device",
        idempotencyKey: `raw-${run}-${n}`,
        input: inputs[n % 5 === 0 ? 0 : 1],
        ...reportSettingsFor(patient.settings),
        now: new Date(),
      });
      if (withAudit) {
        await appendAuditEvent(tx as Tx, {
          action: "symptom_report_submitted",
          actorUserId: patient.user_id,
          actorRole: "patient",
          organisationId: patient.organisation_id,
          patientId: patient.id,
          resourceType: "symptom_report",
          resourceId: result.reportId,
          outcome: "allowed",
          details: { replayed: result.replayed, source: "device" },
        });
      }
    });
    return null;
  };
}
