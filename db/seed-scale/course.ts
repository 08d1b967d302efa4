/**
 * The symptom course of one patient of the scale seed, day by day: pure, seeded, no I/O.
 *
 * Follows the shape of the demo seed (db/seed-reports.ts) over a longer window: each patient is on
 * a 14- or 21-day regimen that started somewhere in (or just before) the window and stops after its
 * planned cycles. Nausea, poor appetite and tiredness peak in the days after each treatment day,
 * mouth sores a week later; some patients have a febrile episode at a nadir, and patients on a
 * neurotoxic regimen build up numbness or tingling cycle after cycle. Off treatment, symptoms fade
 * to background noise. Answers are graded and triaged by the caller with the real lib/ code.
 */
import type { SymptomCode } from "../../lib/grading/items";
import { answersFromValues } from "../../lib/reports/answer-values";
import type { ReportAnswers } from "../../lib/reports/validation";
import type { RedFlag } from "../../lib/triage/red-flags";

export type Regimen = {
  regimen: string;
  drugs: string[];
  intent: "curative" | "adjuvant" | "neoadjuvant" | "palliative";
  cycleDays: number;
  cycles: number;
  /** Numbness or tingling accumulates with each cycle (taxanes, platinum, oxaliplatin). */
  neurotoxic: boolean;
};

export const REGIMENS: readonly Regimen[] = [
  {
    regimen: "FEC (fluorouracil, epirubicin, cyclophosphamide)",
    drugs: ["fluorouracil", "epirubicin", "cyclophosphamide"],
    intent: "adjuvant",
    cycleDays: 21,
    cycles: 6,
    neurotoxic: false,
  },
  {
    regimen: "Carboplatin and paclitaxel",
    drugs: ["carboplatin", "paclitaxel"],
    intent: "adjuvant",
    cycleDays: 21,
    cycles: 6,
    neurotoxic: true,
  },
  {
    regimen: "Cisplatin and pemetrexed",
    drugs: ["cisplatin", "pemetrexed"],
    intent: "palliative",
    cycleDays: 21,
    cycles: 4,
    neurotoxic: true,
  },
  {
    regimen: "FOLFOX (oxaliplatin, fluorouracil, folinic acid)",
    drugs: ["oxaliplatin", "fluorouracil", "folinic acid"],
    intent: "adjuvant",
    cycleDays: 14,
    cycles: 12,
    neurotoxic: true,
  },
  {
    regimen: "EC (epirubicin, cyclophosphamide)",
    drugs: ["epirubicin", "cyclophosphamide"],
    intent: "neoadjuvant",
    cycleDays: 21,
    cycles: 4,
    neurotoxic: false,
  },
  {
    regimen: "R-CHOP (rituximab, cyclophosphamide, doxorubicin, vincristine, prednisolone)",
    drugs: ["rituximab", "cyclophosphamide", "doxorubicin", "vincristine", "prednisolone"],
    intent: "curative",
    cycleDays: 21,
    cycles: 6,
    neurotoxic: true,
  },
];

/** One patient's fixed traits, drawn once. Days count from the first day of the window (0). */
export type Profile = {
  regimen: Regimen;
  /** Day of the first treatment (may be before the window). */
  firstCycleDay: number;
  /** Chance of sending a report on any given day. */
  adherence: number;
  nauseaProne: number;
  fatigueProne: number;
  thermometer: boolean;
  /** The cycle (0-based) at whose nadir a fever comes, if any. */
  febrileCycle: number | null;
  /** The worst numbness or tingling a neurotoxic regimen brings this patient (0 to 3). */
  neuropathyCap: number;
};

export function drawProfile(random: () => number, days: number): Profile {
  const regimen = REGIMENS[Math.floor(random() * REGIMENS.length)];
  const span = regimen.cycleDays * regimen.cycles;
  // Courses that started up to halfway through theirs before the window, to a month before its end.
  const firstCycleDay = Math.floor(-span / 2 + random() * (days - 30 + span / 2));
  const neuropathy = random();
  return {
    regimen,
    firstCycleDay,
    adherence: 0.7 + random() * 0.28,
    nauseaProne: 0.3 + random() * 0.7,
    fatigueProne: random(),
    thermometer: random() < 0.6,
    febrileCycle: random() < 0.25 ? Math.floor(random() * regimen.cycles) : null,
    // Most patients on a neurotoxic regimen get mild numbness, a third moderate, a few severe.
    neuropathyCap: regimen.neurotoxic ? (neuropathy < 0.6 ? 1 : neuropathy < 0.9 ? 2 : 3) : 0,
  };
}

export type DayReport = {
  answers: ReportAnswers;
  temperatureC: number | null;
  redFlags: RedFlag[];
  note: string | null;
};

const NONE = [0] as const;

/** Where `day` falls in the course: the cycle (0-based) and the day within it, or null off treatment. */
function cyclePosition(profile: Profile, day: number): { cycle: number; cycleDay: number } | null {
  const since = day - profile.firstCycleDay;
  const { cycleDays, cycles } = profile.regimen;
  if (since < 0 || since >= cycleDays * cycles) return null;
  return { cycle: Math.floor(since / cycleDays), cycleDay: since % cycleDays };
}

/** The answers a patient gives on `day`. Always draws the same number of random values per day. */
export function dayReport(profile: Profile, day: number, random: () => number): DayReport {
  const position = cyclePosition(profile, day);
  const cycleDay = position?.cycleDay ?? -1;
  const noise = (random() - 0.5) * 0.8;
  const rolls = Array.from({ length: 8 }, random);

  // Nausea peaks the day after treatment and settles over three days.
  const nauseaPeak = [0, 3, 2.2, 1.2][cycleDay] ?? 0;
  const nauseaLevel = Math.round(Math.min(3, Math.max(0, profile.nauseaProne * nauseaPeak + (nauseaPeak ? noise : 0))));
  const nausea = [NONE, [1, 1], [2, 1], [3, 2]][rolls[0] < 0.04 && nauseaLevel === 0 ? 1 : nauseaLevel];
  const vomiting = nauseaLevel === 3 && rolls[1] < 0.5 ? [1, 1] : NONE;
  const afterTreatment = cycleDay >= 1 && cycleDay <= 5;
  const appetite = nauseaLevel >= 2 ? [2, 1] : afterTreatment && rolls[2] < 0.4 ? [1, 1] : NONE;
  const fatigue =
    cycleDay >= 2 && cycleDay <= 6
      ? profile.fatigueProne > 0.88 && cycleDay === 3
        ? [2, 2]
        : [2, 1]
      : rolls[3] < 0.5
        ? [1, 1]
        : [1, 0];
  const mouthSores = cycleDay >= 5 && cycleDay <= 10 && rolls[4] < 0.2 ? [1, 0] : NONE;
  const diarrhoea = cycleDay >= 3 && cycleDay <= 6 && rolls[5] < 0.15 ? [1] : NONE;

  // Neuropathy: one step of severity every two cycles up to the patient's worst, interference a
  // step behind; after the last cycle it eases by a step a month.
  const { cycleDays, cycles } = profile.regimen;
  const cyclesDone = Math.max(0, Math.floor((day - profile.firstCycleDay) / cycleDays));
  const peak = Math.min(profile.neuropathyCap, Math.floor(Math.min(cyclesDone, cycles) / 2));
  const daysSinceLastCycle = day - profile.firstCycleDay - cycles * cycleDays;
  const neuropathyStage = Math.max(0, peak - Math.max(0, Math.floor(daysSinceLastCycle / 30)));
  const numbness = neuropathyStage === 0 ? NONE : [neuropathyStage, Math.max(0, neuropathyStage - 1)];

  const febrile = position !== null && position.cycle === profile.febrileCycle && cycleDay === 8;
  const chills = febrile ? [2, 2] : NONE;
  const temperatureC = febrile
    ? 38 + Math.floor(rolls[6] * 9) / 10
    : profile.thermometer && rolls[6] < 0.8
      ? 36.4 + Math.floor(rolls[7] * 9) / 10
      : null;

  const values: [SymptomCode, readonly number[]][] = [
    ["nausea", nausea],
    ["vomiting", vomiting],
    ["diarrhoea", diarrhoea],
    ["mouth_sores", mouthSores],
    ["decreased_appetite", appetite],
    ["fatigue", fatigue],
    ["numbness_tingling", numbness],
    ["shaking_chills", chills],
  ];
  return {
    answers: answersFromValues(values),
    temperatureC: temperatureC === null ? null : Math.round(temperatureC * 10) / 10,
    redFlags: [],
    note: febrile ? "Felt hot and shivery this evening." : null,
  };
}
