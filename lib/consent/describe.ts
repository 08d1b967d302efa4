import type { DataCategory } from "@/lib/vocabulary";

const CATEGORY_WORDS: Record<DataCategory, string> = {
  symptoms: "your symptom reports",
  treatment: "your treatment plan",
  alerts: "alerts about you",
  demographics: "your personal details",
};

/**
 * What sharing each part of the record lets someone see, as the sharing page tells the patient.
 * An alert's reasons quote symptoms, so they follow symptoms (db/sql/alert-reasons.sql).
 */
export const CATEGORY_REVEALS: readonly { category: DataCategory; name: string; reveals: string }[] = [
  {
    category: "symptoms",
    name: "Symptom reports",
    reveals: "every report you send: your answers, temperature, notes and grades, and what raised an alert.",
  },
  {
    category: "alerts",
    name: "Alerts",
    reveals:
      "that you have an alert, how urgent it is, when it is due and who is dealing with it, and the care team's notes on it; the symptoms behind it only if you also share Symptom reports.",
  },
  { category: "treatment", name: "Treatment plan", reveals: "your regimen, its cycles and doses, and changes to it." },
  {
    category: "demographics",
    name: "Personal details",
    reveals: "your name, date of birth, hospital number and diagnosis, and whom you share your record with.",
  },
];

export function categoryLabel(category: string): string {
  return CATEGORY_WORDS[category as DataCategory] ?? category;
}

function list(words: string[]): string {
  return words.length <= 1 ? (words[0] ?? "") : `${words.slice(0, -1).join(", ")} and ${words.at(-1)}`;
}

const dateFormat = new Intl.DateTimeFormat("en-GB", {
  day: "numeric",
  month: "long",
  year: "numeric",
  timeZone: "Europe/London",
});

/** A consent rule in plain words, e.g. "Breast Oncology can see your symptom reports until 3 March 2027." */
export function describeConsentRule(rule: {
  effect: "allow" | "deny";
  grantee: { name: string };
  categories: string[];
  validUntil: Date | null;
}): string {
  const what = list(rule.categories.map(categoryLabel));
  const until = rule.validUntil ? ` until ${dateFormat.format(rule.validUntil)}` : "";
  return rule.effect === "allow"
    ? `${rule.grantee.name} can see ${what}${until}.`
    : `${rule.grantee.name} cannot see ${what}${until}.`;
}

/** Whether a rule is in force at `now`: not revoked, started, not ended. */
export function ruleStatus(
  rule: { validFrom: Date; validUntil: Date | null; revokedAt: Date | null },
  now: Date,
): "active" | "revoked" | "expired" | "scheduled" {
  if (rule.revokedAt) return "revoked";
  if (rule.validUntil && rule.validUntil.getTime() <= now.getTime()) return "expired";
  if (rule.validFrom.getTime() > now.getTime()) return "scheduled";
  return "active";
}
