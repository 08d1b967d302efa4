/**
 * What the patient sees straight after sending a report (eSMART/ASyMS: advice at once, not after
 * a clinician has looked). Plain English, no medical terms; advice is deliberately generic and
 * cautious because no clinician has seen the report yet.
 */
import { type SymptomCode, symptomItem } from "../grading/items";
import type { TriageLevel, TriageResult } from "./rules";

/** The message shown to the patient: a headline and short paragraphs. */
export interface PatientAdvice {
  level: TriageLevel;
  headline: string;
  body: string[];
}

/** Where the patient should phone: the hospital's 24-hour chemotherapy line. */
export interface AdviceOptions {
  hospitalLine: string;
}

/**
 * Self-care sentence per graded symptom, for grade 1-2 symptoms in a green report. Presence items
 * (rash, bruising) are never graded, so they have none. Changes need clinical sign-off.
 */
export const SELF_CARE_ADVICE: Readonly<Partial<Record<SymptomCode, string>>> = {
  mouth_sores:
    "Brush gently with a soft toothbrush, rinse your mouth after meals, and avoid hot, spicy or rough foods.",
  difficulty_swallowing: "Choose soft, moist foods, take small mouthfuls, and sip drinks with your meals.",
  taste_changes:
    "Try different foods and flavours, and keep your mouth clean. Plastic cutlery can help if food tastes of metal.",
  decreased_appetite: "Eat small amounts often, keep snacks to hand, and try nourishing drinks.",
  nausea: "Eat small meals often, sip fluids, and take your anti-sickness medicine as prescribed.",
  vomiting: "Sip water or clear drinks little and often, and take your anti-sickness medicine as prescribed.",
  heartburn: "Eat smaller meals and try not to lie down for an hour after eating.",
  constipation: "Drink plenty of fluids, move about if you can, and take any laxatives as prescribed.",
  diarrhoea:
    "Drink plenty of fluids to replace what you are losing, and take any medicine for diarrhoea as prescribed.",
  abdominal_pain: "Rest, take your usual pain relief as prescribed, and note when the pain comes and goes.",
  shortness_of_breath: "Rest, sit upright, and take your time when you move about.",
  cough: "Sip warm drinks and rest. Tell us at your next appointment if it does not settle.",
  itchy_skin: "Use a gentle, unperfumed moisturiser, keep cool, and try not to scratch.",
  hair_loss: "Use a gentle shampoo and a soft brush, and cover your head in the sun and the cold.",
  hand_foot: "Keep your hands and feet cool, moisturise them often, and avoid tight shoes and hot water.",
  numbness_tingling: "Take care with hot water and sharp objects, and wear shoes that fit well.",
  general_pain: "Take your pain relief as prescribed and rest when you need to.",
  insomnia: "Keep to regular sleep times, avoid tea and coffee later in the day, and wind down before bed.",
  fatigue: "Balance rest with gentle activity, and plan your day around when you have most energy.",
  anxiety:
    "Talk to someone you trust and try slow, steady breathing. Your care team can put you in touch with support.",
  sadness: "Talk to someone you trust about how you feel. Your care team can put you in touch with support.",
  // Shivering can be the first sign of an infection, so this one sends the patient to the thermometer.
  shaking_chills:
    "Take your temperature. If it is high or low, or you feel unwell, call the 24-hour line straight away.",
};

function plural(count: number, unit: string): string {
  return `${count} ${unit}${count === 1 ? "" : "s"}`;
}

/** A response target in words a patient would use: "30 minutes", "8 hours", "1 hour 30 minutes". */
export function formatDuration(minutes: number): string {
  const hours = Math.floor(minutes / 60);
  const rest = minutes % 60;
  if (hours === 0) return plural(rest, "minute");
  if (rest === 0) return plural(hours, "hour");
  return `${plural(hours, "hour")} ${plural(rest, "minute")}`;
}

/**
 * The advice a patient sees at once for their report's triage result.
 *
 * - red with an emergency flag: call 999 now;
 * - red: call the hospital's 24-hour line now;
 * - amber: the care team will call within the target time, and what to do if it gets worse;
 * - green: a self-care sentence for each grade 1-2 symptom, and when to call.
 */
export function patientAdvice(result: TriageResult, { hospitalLine }: AdviceOptions): PatientAdvice {
  const callLine = `call the 24-hour line on ${hospitalLine}`;

  if (result.level === "red" && result.emergency) {
    return {
      level: "red",
      headline: "Call 999 now for an ambulance",
      body: [
        "Call 999 now. Tell them you are having chemotherapy.",
        "Do not drive yourself to hospital.",
        `When you can, ${callLine} to let us know.`,
      ],
    };
  }

  if (result.level === "red") {
    return {
      level: "red",
      headline: "Call the 24-hour line now",
      body: [
        `Please ${callLine} now. Do not wait for us to call you.`,
        "Your answers show you may need to be seen today.",
        "If you cannot get through and you feel very unwell, call 999.",
      ],
    };
  }

  if (result.level === "amber") {
    const within = result.responseMinutes === null ? "today" : `within ${formatDuration(result.responseMinutes)}`;
    return {
      level: "amber",
      headline: "Your care team will contact you",
      body: [
        `A member of your care team will contact you ${within}.`,
        `If you get worse before then, ${callLine} straight away.`,
      ],
    };
  }

  const selfCare = result.symptomLevels
    .filter((symptom) => symptom.grade === 1 || symptom.grade === 2)
    .flatMap(({ symptom }) => {
      const advice = SELF_CARE_ADVICE[symptom];
      return advice ? [`${symptomItem(symptom).shortLabel}: ${advice}`] : [];
    });
  return {
    level: "green",
    headline: "Thank you. Your answers do not need urgent action",
    body: [...selfCare, `If you get worse, or you are worried, ${callLine}.`],
  };
}

/** What a patient is told when their organisation has not recorded its 24-hour line. */
export const FALLBACK_HOSPITAL_LINE = "the number on your chemotherapy alert card";
