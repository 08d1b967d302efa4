import type { DataCategory } from "@/lib/vocabulary";

/**
 * What a clinician must be allowed to read to enter a report taken by phone: the symptoms they
 * record, and what row-level security needs to store the alert the report may raise (the alert
 * itself, and the patient's record that names their care team). Asked for before anything runs,
 * so a clinician is refused at once rather than after typing every answer.
 */
export const PHONE_REPORT_CATEGORIES: readonly DataCategory[] = ["symptoms", "alerts", "demographics"];
