import { useTranslations } from "next-intl";
import { BackLinkHeading } from "@/components/ui/back-link";
import type { PatientHeader } from "@/db/queries/patients";

/**
 * The title of a page about one patient, under the way back to their record, and who the patient
 * is; a viewer who may not read the patient's details sees only the title.
 */
export function PatientPageHeading({
  patientId,
  header,
  title,
}: {
  patientId: string;
  header: Pick<PatientHeader, "name" | "hospitalNumber" | "diagnosis"> | null;
  title: string;
}) {
  const t = useTranslations("patientsList");
  return (
    <>
      <BackLinkHeading
        href={`/patients/${patientId}`}
        back={header ? t("recordOf", { name: header.name }) : t("theRecord")}
        title={title}
      />
      {header && (
        <p className="text-slate-700">
          {header.name} · <span className="font-mono">{header.hospitalNumber}</span> · {header.diagnosis}
        </p>
      )}
    </>
  );
}
