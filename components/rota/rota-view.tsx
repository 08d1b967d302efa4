import { useLocale, useTranslations } from "next-intl";
import { ActionButton } from "@/components/admin/action-button";
import { ColumnHeads } from "@/components/ui/column-heads";
import { Section } from "@/components/ui/section";
import type { FormActionFn } from "@/components/ui/use-action-form";
import type { Rota, RotaShift } from "@/db/queries/rota";
import { formatDateTime } from "@/lib/clinic-time";
import { coveringAt, gapsInCover, ROTA_WINDOW_DAYS, toClinicWallClock } from "@/lib/notifications/rota";
import { AddShiftForm } from "./add-shift-form";

const DAY = 86_400_000;

/** The next 08:00 in the clinic's zone after `now`, for the add form's first guess. */
function nextMorning(now: Date): Date {
  const tomorrow = new Date(now.getTime() + DAY);
  const guess = new Date(`${toClinicWallClock(tomorrow).slice(0, 10)}T08:00:00Z`);
  // London is UTC or UTC+1: take the instant that reads 08:00 there.
  return toClinicWallClock(guess).endsWith("08:00") ? guess : new Date(guess.getTime() - 3_600_000);
}

/**
 * A care team's on-call rota: who is on call now, the periods of the coming weeks when nobody is
 * first on call, the shifts, and, for its leads and the organisation's admins, adding and removing
 * shifts. Every time is in the clinic's zone, written as the reader's language writes it.
 */
export function RotaView({
  rota,
  now,
  addAction,
  removeAction,
}: {
  rota: Rota;
  now: Date;
  addAction: FormActionFn<{ message: string }>;
  removeAction: FormActionFn<{ message: string }>;
}) {
  const t = useTranslations("rota");
  const tag = useLocale();
  const when = (at: Date) => formatDateTime(at, tag);
  const positionLabel = (position: 1 | 2) => (position === 1 ? t("first") : t("second"));
  const { team, shifts, clinicians, keptByCaller } = rota;
  const first = shifts.filter((s) => s.position === 1);
  const second = shifts.filter((s) => s.position === 2);
  const firstNow = coveringAt(first, now);
  const secondNow = coveringAt(second, now);
  const window = { from: now, to: new Date(now.getTime() + ROTA_WINDOW_DAYS * DAY) };
  const gaps = gapsInCover(first, window);
  const coming = shifts.filter((s) => s.endsAt > now);
  const editable = keptByCaller && !team.archived;
  const start = nextMorning(now);
  return (
    <>
      <Section id="on-call-now-heading" heading={t("onCallNow")} className="mt-6">
        <dl className="mt-2 grid max-w-2xl grid-cols-[auto_1fr] gap-x-4 gap-y-1 rounded-lg bg-white p-4">
          <dt className="font-medium">{t("first")}</dt>
          <dd>{firstNow ? <OnCall shift={firstNow} /> : t("nobodyFirst")}</dd>
          <dt className="font-medium">{t("second")}</dt>
          <dd>{secondNow ? <OnCall shift={secondNow} /> : t("nobodySecond")}</dd>
        </dl>
      </Section>

      {gaps.length > 0 ? (
        <section
          aria-labelledby="rota-gaps-heading"
          className="mt-6 max-w-3xl rounded border border-amber-600 bg-amber-50 p-4 text-amber-950"
        >
          <h2 id="rota-gaps-heading" className="text-lg font-semibold">
            {t("gapsHeading")}
          </h2>
          <p className="mt-1">{t("gapsText", { days: ROTA_WINDOW_DAYS })}</p>
          <ul className="mt-2 list-disc pl-5">
            {gaps.map((g) => (
              <li key={g.from.toISOString()}>{t("fromTo", { from: when(g.from), to: when(g.to) })}</li>
            ))}
          </ul>
        </section>
      ) : null}

      <Section id="shifts-heading" heading={t("shiftsHeading", { days: ROTA_WINDOW_DAYS })} className="mt-8">
        {coming.length === 0 ? (
          <p className="mt-2 rounded-lg border border-dashed border-slate-400 bg-white p-4">{t("noShifts")}</p>
        ) : (
          <table className="mt-2 w-full max-w-4xl border-collapse bg-white text-left">
            <caption className="sr-only">{t("caption", { team: team.name })}</caption>
            <ColumnHeads
              labels={[t("colWho"), t("colPosition"), t("colFrom"), t("colTo"), ...(editable ? [t("colRemove")] : [])]}
              rowClassName="border-b-2 border-slate-300"
            />
            <tbody>
              {coming.map((s) => (
                <tr key={s.id} className="border-b border-slate-200 align-top">
                  <td className="p-2">{s.name}</td>
                  <td className="p-2">{positionLabel(s.position)}</td>
                  <td className="whitespace-nowrap p-2">{when(s.startsAt)}</td>
                  <td className="whitespace-nowrap p-2">{when(s.endsAt)}</td>
                  {editable ? (
                    <td className="p-2">
                      <ActionButton
                        action={removeAction}
                        fields={{ teamId: team.id, shiftId: s.id }}
                        label={t("remove")}
                        ariaLabel={t("removeLabel", { name: s.name, from: when(s.startsAt) })}
                        pendingLabel={t("removing")}
                        confirm={
                          s.position === 1
                            ? t("removeConfirmFirst", { name: s.name, from: when(s.startsAt), to: when(s.endsAt) })
                            : t("removeConfirmSecond", { name: s.name, from: when(s.startsAt), to: when(s.endsAt) })
                        }
                        confirmLabel={t("removeYes")}
                        danger
                      />
                    </td>
                  ) : null}
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </Section>

      {editable ? (
        <Section id="add-shift-heading" heading={t("changeHeading")} className="mt-8">
          {clinicians.length === 0 ? (
            <p className="mt-2">{t("noClinicians")}</p>
          ) : (
            <AddShiftForm
              action={addAction}
              teamId={team.id}
              clinicians={clinicians.map((c) => ({
                userId: c.userId,
                label: `${c.name} (${c.role === "oncologist" ? t("oncologist") : t("nurse")}${c.isTeamLead ? `, ${t("teamLead")}` : ""})`,
              }))}
              suggestedStart={toClinicWallClock(start)}
              suggestedEnd={toClinicWallClock(new Date(start.getTime() + 12 * 3_600_000))}
            />
          )}
        </Section>
      ) : (
        <p className="mt-8 max-w-2xl text-slate-700">{team.archived ? t("archived") : t("whoChanges")}</p>
      )}
    </>
  );
}

function OnCall({ shift }: { shift: RotaShift }) {
  const t = useTranslations("rota");
  const tag = useLocale();
  return (
    <>
      <span className="font-semibold">{shift.name}</span>, {t("until", { when: formatDateTime(shift.endsAt, tag) })}
    </>
  );
}
