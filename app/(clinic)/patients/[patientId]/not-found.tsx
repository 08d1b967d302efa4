import { getTranslations } from "next-intl/server";
import { EmergencyAccessOffer } from "@/components/patients/emergency-access-offer";
import { AppShell } from "@/components/ui/app-shell";
import { BarePage, StartPageLink } from "@/components/ui/message-page";
import { getSessionUser, isClinician } from "@/server/auth/session";

/**
 * A record that does not exist, or that the patient has not shared with this clinician at all: the
 * same page either way, so nothing about the patient is revealed. A clinician may still open it in
 * an emergency, giving a reason (the request is refused if the patient is not in their organisation).
 */
export default async function PatientNotFound() {
  const user = await getSessionUser();
  const [t, errors] = [await getTranslations("emergencyAccess"), await getTranslations("errors")];
  const body = (
    <div className="mx-auto max-w-2xl">
      <h1 className="text-2xl font-semibold">{errors("notFoundTitle")}</h1>
      <p className="mt-4">{t("notFoundText")}</p>
      {user && isClinician(user) ? <EmergencyAccessOffer /> : null}
      <StartPageLink className="mt-6" />
    </div>
  );
  return user ? <AppShell user={user}>{body}</AppShell> : <BarePage>{body}</BarePage>;
}
