import Link from "next/link";
import { SignOutButton } from "@/components/auth/sign-out-button";
import { hasRole, isClinician, type SessionUser } from "@/server/auth/session";

/** The frame around every signed-in page: who is signed in, where they can go, and sign out. */
export function AppShell({ user, children }: { user: SessionUser; children: React.ReactNode }) {
  const links = [
    ...(isClinician(user)
      ? [
          { href: "/triage", label: "Triage" },
          { href: "/patients", label: "Patients" },
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
        ]
      : []),
  ];
  const roleLabel =
    user.kind === "patient" ? "Patient" : user.roles.map((r) => r[0].toUpperCase() + r.slice(1)).join(", ");
  return (
    <>
      <header className="border-b border-slate-200 bg-white">
        <div className="mx-auto flex max-w-6xl flex-wrap items-center gap-4 px-4 py-3">
          <Link href="/" className="font-semibold text-blue-800">
            SERUMS Oncology
          </Link>
          <nav aria-label="Main" className="flex gap-4">
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
      <main id="main" className="mx-auto max-w-6xl px-4 py-6">
        {children}
      </main>
    </>
  );
}
