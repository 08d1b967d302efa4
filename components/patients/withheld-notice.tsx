import Link from "next/link";
import type { DataCategory } from "@/lib/vocabulary";

const WITHHELD_WORDS: Record<DataCategory, string> = {
  symptoms: "their symptom reports",
  treatment: "their treatment plan",
  alerts: "alerts about them",
  demographics: "their personal details",
};

/**
 * Names what the patient has not shared with this clinician, and nothing of its contents. In an
 * emergency the clinician may still open it, with a reason, for a limited time.
 */
export function WithheldNotice({ withheld, patientId }: { withheld: DataCategory[]; patientId: string }) {
  if (withheld.length === 0) return null;
  const words = withheld.map((c) => WITHHELD_WORDS[c]);
  const list = words.length === 1 ? words[0] : `${words.slice(0, -1).join(", ")} and ${words.at(-1)}`;
  return (
    <section aria-labelledby="withheld" className="mt-6 rounded border border-amber-400 bg-amber-50 p-4">
      <h2 id="withheld" className="font-semibold">
        Withheld at the patient&apos;s wish
      </h2>
      <p className="mt-1">
        The patient has not shared {list} with you, so {withheld.length === 1 ? "it is" : "they are"} not shown here.
      </p>
      <p className="mt-1">
        Only in an emergency:{" "}
        <Link href={`/patients/${patientId}/emergency-access`} className="text-blue-800 underline">
          open the whole record with emergency access
        </Link>
        .
      </p>
    </section>
  );
}
