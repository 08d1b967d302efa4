import type { DataCategory } from "@/lib/vocabulary";

const CATEGORY_WORDS: Record<DataCategory, string> = {
  symptoms: "your symptom reports",
  treatment: "your treatment plan",
  alerts: "alerts about you",
  demographics: "your personal details",
};

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
