/**
 * What the triage queue specs arrange (e2e/support/queue-db.ts): a busy afternoon of a unit's
 * queue, 25 alerts as an oncology unit sees them. Fevers and severe symptoms (red), symptoms at
 * grade 2 or worse than last time (amber), some already acknowledged, with what the patients said
 * and the clinicians' notes, a long one among them.
 */
import type { ArrangedAlert } from "./queue-db";

/** A note long enough to need more than a line anywhere. */
export const LONG_PATIENT_NOTE =
  "Vomited three times since lunch and can't keep water down. My husband is driving me in if you think I should come to the unit tonight, otherwise I will try the anti-sickness tablets again and ring back.";

export const BUSY_AFTERNOON: readonly ArrangedAlert[] = [
  { temperatureC: 38.9, canWait: false, note: "Shivery and hot since this morning.", minutesAgo: 48 },
  {
    grades: { nausea: 3, vomiting: 3 },
    previousGrades: { nausea: 1, vomiting: 1 },
    canWait: false,
    note: LONG_PATIENT_NOTE,
    minutesAgo: 41,
  },
  {
    temperatureC: 38.2,
    grades: { shaking_chills: 2 },
    canWait: false,
    minutesAgo: 35,
    clinicianNotes: [
      { by: "colleague", text: "Rang twice, no answer. Will try her daughter's number.", minutesAgo: 12 },
    ],
  },
  {
    grades: { diarrhoea: 3 },
    previousGrades: { diarrhoea: 0 },
    canWait: false,
    note: "Seven times today.",
    minutesAgo: 22,
  },
  { grades: { shortness_of_breath: 3 }, canWait: false, minutesAgo: 17 },
  { temperatureC: 39.4, note: "Paracetamol an hour ago.", minutesAgo: 9 },
  { grades: { mouth_sores: 2, difficulty_swallowing: 2 }, canWait: true, note: "Sore to swallow.", minutesAgo: 6 },
  { temperatureC: 38.0, canWait: null, minutesAgo: 3 },
  {
    temperatureC: 38.6,
    canWait: false,
    minutesAgo: 70,
    acknowledgedBy: "colleague",
    clinicianNotes: [
      {
        by: "colleague",
        text: "Neutropenic sepsis pathway started: attending acute oncology assessment unit now, bloods on arrival.",
        minutesAgo: 55,
      },
    ],
  },
  {
    grades: { general_pain: 3 },
    previousGrades: { general_pain: 1 },
    canWait: false,
    minutesAgo: 95,
    acknowledgedBy: "nurse",
    clinicianNotes: [{ by: "nurse", text: "Oramorph advice given, review at 6pm.", minutesAgo: 80 }],
  },
  {
    grades: { nausea: 2 },
    previousGrades: { nausea: 0 },
    canWait: true,
    note: "Worse the day after chemo.",
    minutesAgo: 250,
  },
  { grades: { fatigue: 2 }, canWait: true, minutesAgo: 240 },
  { grades: { diarrhoea: 2 }, canWait: false, note: "Four loose stools since breakfast.", minutesAgo: 200 },
  { grades: { hand_foot: 2 }, canWait: true, note: "Soles of my feet are red and peeling.", minutesAgo: 180 },
  { grades: { numbness_tingling: 2 }, canWait: true, minutesAgo: 160 },
  {
    grades: { rash: 2 },
    canWait: null,
    note: "Itchy spots on both arms.",
    minutesAgo: 140,
    clinicianNotes: [{ by: "nurse", text: "Asked her to send a photo through the app.", minutesAgo: 100 }],
  },
  { grades: { decreased_appetite: 2 }, canWait: true, minutesAgo: 120 },
  { grades: { insomnia: 2 }, previousGrades: { insomnia: 0 }, canWait: true, minutesAgo: 110 },
  { grades: { constipation: 2 }, canWait: true, note: "Nothing for four days.", minutesAgo: 90 },
  { grades: { cough: 2 }, canWait: false, minutesAgo: 60 },
  { grades: { anxiety: 2 }, canWait: true, note: "Worried about next week's scan.", minutesAgo: 45 },
  { grades: { abdominal_pain: 2 }, canWait: false, minutesAgo: 30, acknowledgedBy: "nurse" },
  { grades: { vomiting: 2 }, canWait: true, minutesAgo: 300, acknowledgedBy: "colleague" },
  {
    grades: { taste_changes: 2 },
    canWait: true,
    minutesAgo: 320,
    acknowledgedBy: "nurse",
    clinicianNotes: [{ by: "nurse", text: "Dietitian referral sent.", minutesAgo: 200 }],
  },
  { grades: { bruising: 2 }, canWait: null, minutesAgo: 15 },
];
