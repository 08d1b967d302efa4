/**
 * app.readable_by_caller (db/sql/consent.sql) is what the clinical SELECT policies probe for each
 * row's patient: the caller's rows of app.consent_access, read with the view's owner's rights. It
 * must show every caller exactly what app.consented_patient_ids says consent gives them, nothing
 * for a deactivated account or no account, and no other user's rows whatever the statement asks.
 */
import { sql } from "drizzle-orm";
import { describe, expect, test } from "vitest";
import { rowsOf } from "./support/database";
import { as, CATEGORIES, PATIENT, USER, USER_KEYS } from "./support/fixtures";
import { suiteDatabase } from "./support/suite-database";

const db = suiteDatabase("readable_by_caller");

/** The view's rows for `userId`, as "category patient", and what app.consented_patient_ids says. */
async function viewAndFunction(userId: string | null): Promise<{ view: string[]; readable: string[] }> {
  return as(db, userId, async (tx) => {
    const view = await rowsOf<{ row: string }>(
      tx,
      sql`select category || ' ' || patient_id::text as row from app.readable_by_caller order by 1`,
    );
    const readable: string[] = [];
    for (const category of CATEGORIES) {
      const [{ ids }] = await rowsOf<{ ids: string[] }>(tx, sql`select app.consented_patient_ids(${category}) as ids`);
      readable.push(...ids.map((id) => `${category} ${id}`));
    }
    return { view: view.map((r) => r.row), readable: readable.sort() };
  });
}

describe("the view of what the caller may read", () => {
  test.each(USER_KEYS)("shows %s exactly what app.consented_patient_ids does", async (key) => {
    const { view, readable } = await viewAndFunction(USER[key]);
    expect(view).toEqual(readable);
  });

  test("shows a clinician their consented patients, and a patient or no account nothing", async () => {
    expect((await viewAndFunction(USER.nurseA1)).view.length).toBeGreaterThan(0);
    expect((await viewAndFunction(USER.patientP1)).view).toEqual([]);
    expect((await viewAndFunction(null)).view).toEqual([]);
  });

  test("shows a deactivated account nothing, and the account's rows again once it is reactivated", async () => {
    const before = await viewAndFunction(USER.nurseA1);
    const setDeactivated = (at: ReturnType<typeof sql>) =>
      db.asOwner((o) => o.execute(sql`update users set deactivated_at = ${at} where id = ${USER.nurseA1}`));
    await setDeactivated(sql`now()`);
    try {
      expect(await viewAndFunction(USER.nurseA1)).toEqual({ view: [], readable: [] });
    } finally {
      await setDeactivated(sql`null`);
    }
    expect(await viewAndFunction(USER.nurseA1)).toEqual(before);
  });

  test("gives a statement that asks for another user's patient only the caller's own rows", async () => {
    const about = (userId: string, patientId: string) =>
      as(db, userId, (tx) =>
        rowsOf<{ category: string }>(
          tx,
          sql`select r.category from app.readable_by_caller r where r.patient_id = ${patientId} order by 1`,
        ),
      );
    // Nurse A1 may read P1; nurse A2, of another team, may not.
    expect((await about(USER.nurseA1, PATIENT.P1)).length).toBeGreaterThan(0);
    expect(await about(USER.nurseA2, PATIENT.P1)).toEqual([]);
  });
});

describe("a statement across many patients", () => {
  /** The filters of the plan of `statement`, as nurse A1. */
  async function filtersOf(statement: ReturnType<typeof sql>): Promise<string[]> {
    const [row] = await as(db, USER.nurseA1, (tx) =>
      rowsOf<{ "QUERY PLAN": unknown }>(tx, sql`explain (format json) ${statement}`),
    );
    const json = row["QUERY PLAN"];
    const plan = (typeof json === "string" ? JSON.parse(json) : json) as unknown;
    const filters: string[] = [];
    const visit = (node: unknown) => {
      if (Array.isArray(node)) node.forEach(visit);
      else if (node && typeof node === "object") {
        for (const [key, value] of Object.entries(node)) {
          if (key === "Filter" && typeof value === "string") filters.push(value);
          else visit(value);
        }
      }
    };
    visit(plan);
    return filters;
  }

  // Built once per statement, the set of every patient the caller may read costs as much as the
  // caller's team is large, however few rows the statement reads (docs/benchmarks.md).
  test.each(["alerts", "symptom_reports", "treatment_plans", "patients"])(
    "probes consent for each row of %s, never building the set of every readable patient",
    async (table) => {
      // Not `select *`: the request role may not select an alert's reasons (db/sql/alert-reasons.sql).
      const filters = await filtersOf(sql`select id from ${sql.identifier(table)}`);
      // The policy is the one filter with a subplan: the caller's records at hand, then consent.
      const policy = filters.filter((f) => /SubPlan/.test(f));
      expect(policy, filters.join("\n")).toHaveLength(1);
      expect(policy[0]).not.toMatch(/hashed SubPlan/);
    },
  );
});
