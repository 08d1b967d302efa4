import { formatDateTime } from "./format";

/**
 * Shown on every page of a record opened with emergency access, for as long as the access lasts:
 * that there is no consent, the reason given, when it ends, and that it is recorded.
 */
export function EmergencyBanner({ access }: { access: { reason: string; expiresAt: Date } }) {
  return (
    <section
      aria-labelledby="emergency-banner"
      className="mb-6 rounded border-2 border-red-700 bg-red-50 p-4 text-red-950"
    >
      <h2 id="emergency-banner" className="font-semibold">
        Emergency access: you are viewing this record without the patient&apos;s consent
      </h2>
      <p className="mt-1">
        Reason given: “{access.reason}”. Access ends at {formatDateTime(access.expiresAt)} (UK time). Everything you
        open is recorded; the patient and your organisation&apos;s administrators can see that you opened it.
      </p>
    </section>
  );
}
