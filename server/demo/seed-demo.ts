import type { Database } from "@/db/client";
import { seedDemoData } from "./seed";
import { seedDemoReports } from "./seed-reports";
import { seedDemoRota } from "./seed-rota";
import { seedDemoTreatment } from "./seed-treatment";

/**
 * The whole demo: the cancer centre and its people, eight weeks of symptom reports with their
 * grades and alerts, each patient's treatment plan on the same cycles, and the on-call rota. Each part skips what is already there, so this is safe to run again.
 * Returns true when the centre itself was created by this call.
 */
export async function seedDemo(db: Database, now = new Date()): Promise<boolean> {
  const created = await seedDemoData(db, now);
  await seedDemoReports(db, now);
  await seedDemoTreatment(db, now);
  await seedDemoRota(db, now);
  return created;
}
