import { getLocale } from "next-intl/server";
import { ColumnHeads } from "@/components/ui/column-heads";
import { Section } from "@/components/ui/section";
import type { ActivityChange } from "@/lib/audit/activity";
import { formatDateTime } from "@/lib/clinic-time";
import { CATALOGUES } from "@/lib/i18n/catalogues";
import { type Locale, localeOfTag } from "@/lib/i18n/locales";
import { translatorFor } from "@/lib/i18n/translate";
import { settingName } from "./labels";

/** The reader's language, for the words of the audit trail. */
export type AuditWords = { locale: Locale; tag: string; t: ReturnType<typeof translatorFor> };

/** The words of the audit trail in the language of this request. */
export async function auditWords(): Promise<AuditWords> {
  const tag = await getLocale();
  const locale = localeOfTag(tag);
  return { locale, tag, t: translatorFor(locale) };
}

const spelled = (code: string) => code.replaceAll("_", " ");

/** An audit action in the words an admin reads in the activity view and a person's history. */
export function describeAction({ locale }: AuditWords, action: string): string {
  const words: Record<string, string> = CATALOGUES[locale].auditWords.actions;
  return Object.hasOwn(words, action) ? words[action] : spelled(action).replace(/^./, (c) => c.toUpperCase());
}

/** Why an attempt failed ("wrong password"). */
export function describeReason({ locale }: AuditWords, reason: string): string {
  const words: Record<string, string> = CATALOGUES[locale].auditWords.reasons;
  return Object.hasOwn(words, reason) ? words[reason] : spelled(reason);
}

function roleWord({ t }: AuditWords, role: string): string {
  if (role === "oncologist") return t("auditWords.roleOncologist");
  if (role === "nurse") return t("auditWords.roleNurse");
  if (role === "admin") return t("auditWords.roleAdmin");
  return role;
}

/** One event's details in words: codes and names only, never clinical values. */
export function describeDetails(
  words: AuditWords,
  details: ActivityChange["details"],
  teamNames: Record<string, string>,
  staffNames: Record<string, string> = {},
): string {
  const { t, tag } = words;
  const parts: string[] = [];
  const team = (id: unknown) => (typeof id === "string" ? (teamNames[id] ?? t("auditWords.aCareTeam")) : null);
  if (typeof details.role === "string") parts.push(roleWord(words, details.role));
  if (details.careTeamId) parts.push(t("auditWords.inTeam", { team: team(details.careTeamId) ?? "" }));
  if (details.fromCareTeamId || details.toCareTeamId)
    parts.push(
      t("auditWords.fromTo", {
        from: team(details.fromCareTeamId) ?? t("auditWords.noTeam"),
        to: team(details.toCareTeamId) ?? t("auditWords.noTeam"),
      }),
    );
  if (typeof details.reason === "string") parts.push(describeReason(words, details.reason));
  if (details.purpose === "activate") parts.push(t("auditWords.activationLink"));
  if (details.purpose === "reset") parts.push(t("auditWords.resetLink"));
  if (typeof details.method === "string") parts.push(t("auditWords.byMethod", { method: spelled(details.method) }));
  if (details.position === 1) parts.push(t("auditWords.firstOnCall"));
  if (details.position === 2) parts.push(t("auditWords.secondOnCall"));
  if (typeof details.startsAt === "string" && typeof details.endsAt === "string")
    parts.push(
      t("auditWords.span", { from: formatDateTime(details.startsAt, tag), to: formatDateTime(details.endsAt, tag) }),
    );
  if (typeof details.ended === "number") parts.push(t("auditWords.sessionsEnded", { count: details.ended }));
  if (typeof details.changed === "string" && details.changed !== "none")
    parts.push(
      details.changed
        .split(",")
        .map((key) => describeSettingChange(words, key, details, staffNames))
        .join(", "),
    );
  return parts.join("; ");
}

/** A changed setting's name, and its value before and after where the event kept them ("fever threshold 38 → 37.5"). */
function describeSettingChange(
  words: AuditWords,
  key: string,
  details: ActivityChange["details"],
  staffNames: Record<string, string>,
): string {
  const setting = settingName(CATALOGUES[words.locale], key);
  if (!(`before.${key}` in details) && !(`after.${key}` in details)) return setting;
  const value = (v: unknown) =>
    key === "notifications.escalationContactIds" ? peopleText(words, v, staffNames) : settingValueText(words, v);
  return words.t("auditWords.settingChange", {
    setting,
    before: value(details[`before.${key}`]),
    after: value(details[`after.${key}`]),
  });
}

/** A setting's value in the change log: yes or no, a number, the text, or "not set". */
function settingValueText({ t }: AuditWords, value: unknown): string {
  if (value === true) return t("auditWords.yes");
  if (value === false) return t("auditWords.no");
  if (value === null || value === undefined || value === "") return t("auditWords.notSet");
  return String(value);
}

/** A list of staff ids as kept in the audit trail (a JSON array), as names: "none" when empty. */
function peopleText(words: AuditWords, value: unknown, staffNames: Record<string, string>): string {
  let ids: unknown = [];
  try {
    ids = typeof value === "string" ? JSON.parse(value) : [];
  } catch {
    return settingValueText(words, value);
  }
  if (!Array.isArray(ids) || ids.length === 0) return words.t("auditWords.none");
  return ids.map((id) => staffNames[String(id)] ?? words.t("auditWords.formerColleague")).join(", ");
}

/** Who changed something, when, and how: the audit trail for one account, team or the settings. */
export async function ChangeHistory({
  heading,
  rows,
  teamNames,
  staffNames,
  empty,
}: {
  heading: string;
  rows: ActivityChange[];
  teamNames: Record<string, string>;
  /** Names of staff a change may name by id (escalation contacts). */
  staffNames?: Record<string, string>;
  empty: string;
}) {
  const words = await auditWords();
  const { t, tag } = words;
  return (
    <Section id="history-heading" heading={heading} className="mt-8">
      {rows.length === 0 ? (
        <p className="mt-2 text-slate-700">{empty}</p>
      ) : (
        <table className="mt-2 w-full max-w-4xl border-collapse bg-white text-left">
          <caption className="sr-only">{heading}</caption>
          <ColumnHeads
            labels={[t("auditWords.when"), t("auditWords.what"), t("auditWords.by")]}
            rowClassName="border-b-2 border-slate-300"
          />
          <tbody>
            {rows.map((r) => {
              const details = describeDetails(words, r.details, teamNames, staffNames);
              return (
                <tr key={r.id} className="border-b border-slate-200">
                  <td className="whitespace-nowrap p-2">{formatDateTime(r.occurredAt, tag)}</td>
                  <td className="p-2">
                    {describeAction(words, r.action)}
                    {details ? <span className="text-slate-700"> ({details})</span> : null}
                    {r.outcome === "denied" ? <span className="text-red-800"> {t("auditWords.refused")}</span> : null}
                  </td>
                  <td className="p-2">
                    {r.actorName ?? (r.actorUserId ? t("auditWords.aFormerColleague") : t("auditWords.selfOrSystem"))}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
    </Section>
  );
}
