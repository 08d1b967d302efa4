import { SYMPTOM_ITEMS, type SymptomCode } from "../grading/items";

type Point = { symptom: SymptomCode; grade: number | null; reportedAt: Date };

/** Groups grade points by symptom (form order), keeping only symptoms that reached grade 1 or more. */
export function gradeSeries(points: Point[]) {
  const bySymptom = new Map<SymptomCode, { at: string; grade: number | null }[]>();
  for (const p of points) {
    const list = bySymptom.get(p.symptom) ?? [];
    list.push({ at: p.reportedAt.toISOString(), grade: p.grade });
    bySymptom.set(p.symptom, list);
  }
  return SYMPTOM_ITEMS.filter((item) => bySymptom.get(item.code)?.some((p) => (p.grade ?? 0) > 0)).map((item) => ({
    symptom: item.code,
    label: item.shortLabel,
    points: bySymptom.get(item.code) ?? [],
  }));
}
