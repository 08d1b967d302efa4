import Link from "next/link";
import { getLocale, getTranslations } from "next-intl/server";
import { ColumnHeads } from "@/components/ui/column-heads";
import { Section } from "@/components/ui/section";
import type { FormActionFn } from "@/components/ui/use-action-form";
import type { PendingStaffChange } from "@/db/queries/staff-changes";
import { formatDateTime } from "@/lib/clinic-time";
import { localeOfTag } from "@/lib/i18n/locales";
import { ActionButton } from "./action-button";
import { type LinkAnswer, OneTimeLinkResult } from "./one-time-link-result";

type PendingWords = Awaited<ReturnType<typeof getTranslations<"pendingChanges">>>;

/** What a change does, in a few words of the reader's language (`role` names a staff role in it). */
function describeChange(
  change: Pick<PendingStaffChange, "kind" | "role" | "careTeamName" | "fromCareTeamName">,
  t: PendingWords,
  role: (role: string) => string,
): string {
  switch (change.kind) {
    case "clinical_role":
      return t("clinicalRole", { role: role(change.role ?? "nurse"), team: change.careTeamName ?? t("aCareTeam") });
    case "admin_role":
      return t("adminRole");
    case "care_team_move":
      return t("move", {
        role: role(change.role ?? "nurse"),
        from: change.fromCareTeamName ?? t("aCareTeam"),
        to: change.careTeamName ?? t("anotherCareTeam"),
      });
    case "one_time_link":
      return t("oneTimeLink");
    case "mfa_reset":
      return t("mfaReset");
  }
}

/**
 * The changes waiting for a second admin: each says what it is, for whom, and who asked. Another
 * admin approves (which carries it out) or refuses it; the admin who asked reads that it waits.
 */
export async function PendingChanges({
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
  const t = await getTranslations("pendingChanges");
  const s = await getTranslations("staffAdmin");
  const tag = await getLocale();
  const roles: Record<string, string> = {
    oncologist: s("roleOncologist"),
    nurse: s("roleNurse"),
    admin: s("roleAdmin"),
  };
  // Mid-sentence, a role is a common noun: "Nurse role in …", but "Rol de enfermero en …".
  const role = (r: string) => {
    const label = roles[r] ?? r;
    return localeOfTag(tag) === "en" ? label : label.toLocaleLowerCase(tag);
  };
  return (
    <Section id="pending-changes-heading" heading={t("heading")} className="mt-6">
      <p className="mt-1 text-slate-700">{t("lead")}</p>
      {changes.length === 0 ? (
        <p className="mt-3 rounded-lg border border-dashed border-slate-400 bg-white p-4">{t("none")}</p>
      ) : (
        <table className="mt-3 w-full max-w-5xl border-collapse bg-white text-left">
          <caption className="sr-only">{t("caption")}</caption>
          <ColumnHeads
            labels={[...(showAccount ? [t("staffMember")] : []), t("change"), t("askedBy"), t("decision")]}
            rowClassName="border-b-2 border-slate-300"
          />
          <tbody>
            {changes.map((c) => {
              const what = describeChange(c, t, role);
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
                    {t("askedByWhen", { name: c.requestedByName, when: formatDateTime(c.requestedAt, tag) })}
                  </td>
                  <td className="space-y-2 p-2">
                    {c.requestedBy === me ? (
                      <p>{t("youAsked")}</p>
                    ) : (
                      <>
                        <OneTimeLinkResult
                          action={approve}
                          fields={{ requestId: c.id }}
                          who={c.userName}
                          label={t("approve", { change: what, name: c.userName })}
                          pendingLabel={t("approving")}
                        />
                        <ActionButton
                          action={refuse}
                          fields={{ requestId: c.id }}
                          label={t("refuse", { change: what, name: c.userName })}
                          pendingLabel={t("refusing")}
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
