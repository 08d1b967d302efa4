import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { SignOutButton } from "@/components/auth/sign-out-button";
import { hasRole, isClinician, type SessionUser } from "@/server/auth/session";
import { hospitalLineOf } from "@/server/reports/settings";

/**
 * The frame around every signed-in page: who is signed in, where they can go, and sign out. A `wide`
 * page (the triage queue) takes the whole width of the window; the others keep to a readable measure.
 */
export async function AppShell({
  user,
  wide = false,
  children,
}: {
  user: SessionUser;
  wide?: boolean;
  children: React.ReactNode;
}) {
  const t = await getTranslations("shell");
  const frame = wide ? WIDE_FRAME : FRAME;
  const ownTeam = user.memberships.find((m) => m.role !== "admin" && m.careTeamId)?.careTeamId;
  const links = [
    ...(isClinician(user)
      ? [
          { href: "/triage", label: t("triage") },
          { href: "/patients", label: t("patients") },
          ...(ownTeam ? [{ href: `/teams/${ownTeam}/rota`, label: t("rota") }] : []),
        ]
      : []),
    ...(hasRole(user, ["admin"]) ? [{ href: "/admin", label: t("staff") }] : []),
    ...(hasRole(user, ["patient"])
      ? [
          { href: "/report", label: t("report") },
          { href: "/me/reports", label: t("myReports") },
          { href: "/me/sharing", label: t("sharing") },
          { href: "/me/access", label: t("access") },
          { href: "/me/devices", label: t("devices") },
          { href: "/me/reminders", label: t("reminders") },
        ]
      : []),
    { href: "/account", label: t("account") },
  ];
  const roleLabel =
    user.kind === "patient" ? t("patientRole") : user.roles.map((r) => r[0].toUpperCase() + r.slice(1)).join(", ");
  return (
    <>
      <header className="border-b border-slate-200 bg-white">
        <div className={`flex flex-wrap items-center gap-4 py-3 ${frame}`}>
          <Link href="/" className="font-semibold text-blue-800">
            {t("appName")}
          </Link>
          <nav aria-label={t("mainNav")} className="flex flex-wrap gap-x-4 gap-y-1">
            {links.map((l) => (
              <Link key={l.href} href={l.href} className="text-slate-700 underline-offset-4 hover:underline">
                {l.label}
              </Link>
            ))}
          </nav>
          <div className="ml-auto flex items-center gap-3 text-sm">
            <span>
              {user.displayName} <span className="text-slate-500">({roleLabel})</span>
            </span>
            <SignOutButton label={t("signOut")} />
          </div>
        </div>
      </header>
      {hasRole(user, ["patient"]) && (
        <HospitalLine
          line={hospitalLineOf(user.organisationSettings)}
          label={t("hospitalLineLabel")}
          sentence={(number) => t.rich("hospitalLine", { line: hospitalLineOf(user.organisationSettings), number })}
        />
      )}
      <main id="main" className={wide ? `${frame} py-4` : `${frame} py-6`}>
        {children}
      </main>
    </>
  );
}

const FRAME = "mx-auto max-w-6xl px-4";
const WIDE_FRAME = "px-4 xl:px-6";

/**
 * The 24-hour line on every patient page, above the page's own content: what to do when unwell
 * should never depend on having just sent a report. A number is a `tel:` link for phones.
 */
function HospitalLine({
  line,
  label,
  sentence,
}: {
  line: string;
  label: string;
  /** The sentence in the reader's language, with the number as given by `number`. */
  sentence: (number: (chunks: React.ReactNode) => React.ReactNode) => React.ReactNode;
}) {
  const dialable = /^\+?[\d\s()-]{6,}$/.test(line) ? line.replace(/[^\d+]/g, "") : null;
  return (
    <aside aria-label={label} className="border-b border-red-200 bg-red-50 text-red-950">
      <p className="mx-auto max-w-6xl px-4 py-2">
        {sentence((chunks) =>
          dialable ? (
            <a href={`tel:${dialable}`} className="font-semibold underline">
              {chunks}
            </a>
          ) : (
            <span className="font-semibold">{chunks}</span>
          ),
        )}
      </p>
    </aside>
  );
}
