import { ColumnHeads } from "@/components/ui/column-heads";
import { Section } from "@/components/ui/section";
import type { ActivityChange } from "@/lib/audit/activity";
import { describeAction, describeReason, describeSetting, formatDateTime, roleLabel, settingValueText } from "./labels";

/** One event's details in words: codes and names only, never clinical values. */
export function describeDetails(
  details: ActivityChange["details"],
  teamNames: Record<string, string>,
  staffNames: Record<string, string> = {},
): string {
  const parts: string[] = [];
  const team = (id: unknown) => (typeof id === "string" ? (teamNames[id] ?? "a care team") : null);
  if (typeof details.role === "string") parts.push(roleLabel(details.role));
  if (details.careTeamId) parts.push(`in ${team(details.careTeamId)}`);
  if (details.fromCareTeamId || details.toCareTeamId)
    parts.push(`from ${team(details.fromCareTeamId) ?? "no team"} to ${team(details.toCareTeamId) ?? "no team"}`);
  if (typeof details.reason === "string") parts.push(describeReason(details.reason));
  if (details.purpose === "activate") parts.push("activation link");
  if (details.purpose === "reset") parts.push("password reset link");
  if (typeof details.method === "string") parts.push(`by ${details.method.replaceAll("_", " ")}`);
  if (details.position === 1 || details.position === 2)
    parts.push(`${details.position === 1 ? "first" : "second"} on call`);
  if (typeof details.startsAt === "string" && typeof details.endsAt === "string")
    parts.push(`${formatDateTime(details.startsAt)} to ${formatDateTime(details.endsAt)}`);
  if (typeof details.ended === "number") parts.push(`${details.ended} session${details.ended === 1 ? "" : "s"} ended`);
  if (typeof details.changed === "string" && details.changed !== "none")
    parts.push(
      details.changed
        .split(",")
        .map((key) => describeSettingChange(key, details, staffNames))
        .join(", "),
    );
  return parts.join("; ");
}

/** A changed setting's name, and its value before and after where the event kept them ("fever threshold 38 → 37.5"). */
function describeSettingChange(
  key: string,
  details: ActivityChange["details"],
  staffNames: Record<string, string>,
): string {
  if (!(`before.${key}` in details) && !(`after.${key}` in details)) return describeSetting(key);
  const value = (v: unknown) =>
    key === "notifications.escalationContactIds" ? peopleText(v, staffNames) : settingValueText(v);
  return `${describeSetting(key)} ${value(details[`before.${key}`])} → ${value(details[`after.${key}`])}`;
}

/** A list of staff ids as kept in the audit trail (a JSON array), as names: "none" when empty. */
function peopleText(value: unknown, staffNames: Record<string, string>): string {
  let ids: unknown = [];
  try {
    ids = typeof value === "string" ? JSON.parse(value) : [];
  } catch {
    return settingValueText(value);
  }
  if (!Array.isArray(ids) || ids.length === 0) return "none";
  return ids.map((id) => staffNames[String(id)] ?? "a former colleague").join(", ");
}

/** Who changed something, when, and how: the audit trail for one account, team or the settings. */
export function ChangeHistory({
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
  return (
    <Section id="history-heading" heading={heading} className="mt-8">
      {rows.length === 0 ? (
        <p className="mt-2 text-slate-700">{empty}</p>
      ) : (
        <table className="mt-2 w-full max-w-4xl border-collapse bg-white text-left">
          <caption className="sr-only">{heading}</caption>
          <ColumnHeads labels={["When", "What", "By"]} rowClassName="border-b-2 border-slate-300" />
          <tbody>
            {rows.map((r) => {
              const details = describeDetails(r.details, teamNames, staffNames);
              return (
                <tr key={r.id} className="border-b border-slate-200">
                  <td className="whitespace-nowrap p-2">{formatDateTime(r.occurredAt)}</td>
                  <td className="p-2">
                    {describeAction(r.action)}
                    {details ? <span className="text-slate-700"> ({details})</span> : null}
                    {r.outcome === "denied" ? <span className="text-red-800"> (refused)</span> : null}
                  </td>
                  <td className="p-2">
                    {r.actorName ?? (r.actorUserId ? "A former colleague" : "The person themself, or the system")}
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
