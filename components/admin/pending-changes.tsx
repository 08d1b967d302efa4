import Link from "next/link";
import { ColumnHeads } from "@/components/ui/column-heads";
import { Section } from "@/components/ui/section";
import type { FormActionFn } from "@/components/ui/use-action-form";
import type { PendingStaffChange } from "@/db/queries/staff-changes";
import { ActionButton } from "./action-button";
import { formatDateTime, roleLabel } from "./labels";
import { type LinkAnswer, OneTimeLinkResult } from "./one-time-link-result";

/** What a change does, in a few words. */
export function describeChange(
  change: Pick<PendingStaffChange, "kind" | "role" | "careTeamName" | "fromCareTeamName">,
): string {
  switch (change.kind) {
    case "clinical_role":
      return `${roleLabel(change.role ?? "nurse")} role in ${change.careTeamName ?? "a care team"}`;
    case "admin_role":
      return "Admin role";
    case "care_team_move":
      return `Move their ${roleLabel(change.role ?? "nurse")} role from ${change.fromCareTeamName ?? "a care team"} to ${change.careTeamName ?? "another care team"}`;
    case "one_time_link":
      return "A new one-time link (activation or password reset), sent to their email";
    case "mfa_reset":
      return "Reset of their second factor";
  }
}

/**
 * The changes waiting for a second admin: each says what it is, for whom, and who asked. Another
 * admin approves (which carries it out) or refuses it; the admin who asked reads that it waits.
 */
export function PendingChanges({
  changes,
  me,
  approve,
  refuse,
  showAccount = true,
}: {
  changes: PendingStaffChange[];
  /** The admin reading the page. */
  me: string;
  approve: FormActionFn<LinkAnswer>;
  refuse: FormActionFn<{ message: string }>;
  /** Whether to name the account (not on the account's own page). */
  showAccount?: boolean;
}) {
  return (
    <Section id="pending-changes-heading" heading="Waiting for a second admin" className="mt-6">
      <p className="mt-1 text-slate-700">
        Every role, every move to another care team, and the one-time links and second-factor resets of anyone who holds
        a role take two admins: one asks, another approves or refuses. Nothing changes until then.
      </p>
      {changes.length === 0 ? (
        <p className="mt-3 rounded-lg border border-dashed border-slate-400 bg-white p-4">
          No changes are waiting for approval.
        </p>
      ) : (
        <table className="mt-3 w-full max-w-5xl border-collapse bg-white text-left">
          <caption className="sr-only">Changes waiting for a second admin</caption>
          <ColumnHeads
            labels={[...(showAccount ? ["Staff member"] : []), "Change", "Asked by", "Decision"]}
            rowClassName="border-b-2 border-slate-300"
          />
          <tbody>
            {changes.map((c) => {
              const what = describeChange(c);
              return (
                <tr key={c.id} className="border-b border-slate-200 align-top">
                  {showAccount ? (
                    <td className="p-2">
                      <Link href={`/admin/staff/${c.userId}`} className="text-blue-800 underline">
                        {c.userName}
                      </Link>
                    </td>
                  ) : null}
                  <td className="p-2">{what}</td>
                  <td className="p-2">
                    {c.requestedByName}, {formatDateTime(c.requestedAt.toISOString())}
                  </td>
                  <td className="space-y-2 p-2">
                    {c.requestedBy === me ? (
                      <p>You asked for this: waiting for a second admin.</p>
                    ) : (
                      <>
                        <OneTimeLinkResult
                          action={approve}
                          fields={{ requestId: c.id }}
                          who={c.userName}
                          label={`Approve: ${what} for ${c.userName}`}
                          pendingLabel="Approving…"
                        />
                        <ActionButton
                          action={refuse}
                          fields={{ requestId: c.id }}
                          label={`Refuse: ${what} for ${c.userName}`}
                          pendingLabel="Refusing…"
                        />
                      </>
                    )}
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
