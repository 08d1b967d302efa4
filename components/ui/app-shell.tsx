import Link from "next/link";
import { SignOutButton } from "@/components/auth/sign-out-button";
import { hasRole, isClinician, type SessionUser } from "@/server/auth/session";
import { hospitalLineOf } from "@/server/reports/settings";

/**
 * The frame around every signed-in page: who is signed in, where they can go, and sign out. A `wide`
 * page (the triage queue) takes the whole width of the window; the others keep to a readable measure.
 */
export function AppShell({
  user,
  wide = false,
  children,
}: {
  user: SessionUser;
  wide?: boolean;
  children: React.ReactNode;
}) {
  const frame = wide ? WIDE_FRAME : FRAME;
  const ownTeam = user.memberships.find((m) => m.role !== "admin" && m.careTeamId)?.careTeamId;
  const links = [
    ...(isClinician(user)
      ? [
          { href: "/triage", label: "Triage" },
          { href: "/patients", label: "Patients" },
          ...(ownTeam ? [{ href: `/teams/${ownTeam}/rota`, label: "On-call rota" }] : []),
        ]
      : []),
    ...(hasRole(user, ["admin"]) ? [{ href: "/admin", label: "Staff" }] : []),
    ...(hasRole(user, ["patient"])
      ? [
          { href: "/report", label: "Report symptoms" },
          { href: "/me/reports", label: "My reports" },
          { href: "/me/sharing", label: "Who can see my record" },
          { href: "/me/access", label: "Who has looked" },
          { href: "/me/devices", label: "My devices" },
          { href: "/me/reminders", label: "Reminders" },
        ]
      : []),
  ];
  const roleLabel =
    user.kind === "patient" ? "Patient" : user.roles.map((r) => r[0].toUpperCase() + r.slice(1)).join(", ");
  return (
    <>
      <header className="border-b border-slate-200 bg-white">
        <div className={`flex flex-wrap items-center gap-4 py-3 ${frame}`}>
          <Link href="/" className="font-semibold text-blue-800">
            SERUMS Oncology
          </Link>
          <nav aria-label="Main" className="flex flex-wrap gap-x-4 gap-y-1">
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
            <SignOutButton />
          </div>
        </div>
      </header>
      {hasRole(user, ["patient"]) && <HospitalLine line={hospitalLineOf(user.organisationSettings)} />}
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
function HospitalLine({ line }: { line: string }) {
  const dialable = /^\+?[\d\s()-]{6,}$/.test(line) ? line.replace(/[^\d+]/g, "") : null;
  return (
    <aside aria-label="24-hour line" className="border-b border-red-200 bg-red-50 text-red-950">
      <p className="mx-auto max-w-6xl px-4 py-2">
        Feeling unwell? Call the 24-hour line on{" "}
        {dialable ? (
          <a href={`tel:${dialable}`} className="font-semibold underline">
            {line}
          </a>
        ) : (
          <span className="font-semibold">{line}</span>
        )}
        , day or night. In an emergency, call 999.
      </p>
    </aside>
  );
}
