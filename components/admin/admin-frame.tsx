import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { AppShell } from "@/components/ui/app-shell";
import { BackLink } from "@/components/ui/back-link";
import type { SessionUser } from "@/server/auth/session";
import { NoticeProvider } from "./notice";

const SECTIONS = [
  { key: "staff", href: "/admin" },
  { key: "care-teams", href: "/admin/care-teams" },
  { key: "settings", href: "/admin/settings" },
  { key: "apps", href: "/admin/apps" },
  { key: "activity", href: "/admin/activity" },
] as const;
export type AdminSection = (typeof SECTIONS)[number]["key"];

/** Every admin page: the app's frame, the admin sections (the current one marked), and the page's heading. */
export async function AdminFrame({
  user,
  section,
  title,
  lead,
  actions,
  back,
  children,
}: {
  user: SessionUser;
  section: AdminSection;
  title: string;
  lead?: React.ReactNode;
  actions?: React.ReactNode;
  /** A link back up, shown above the heading. */
  back?: { href: string; label: string };
  children: React.ReactNode;
}) {
  const t = await getTranslations("admin");
  const labels: Record<AdminSection, string> = {
    staff: t("staff"),
    "care-teams": t("careTeams"),
    settings: t("settings"),
    apps: t("apps"),
    activity: t("activity"),
  };
  return (
    <AppShell user={user}>
      <nav aria-label={t("nav")} className="mb-6 border-b border-slate-300">
        <ul className="flex flex-wrap gap-1">
          {SECTIONS.map((s) => {
            const current = s.key === section;
            return (
              <li key={s.key}>
                <Link
                  href={s.href}
                  aria-current={current ? "page" : undefined}
                  className={`-mb-px inline-block border-b-4 px-3 py-2 ${current ? "border-blue-700 font-semibold text-blue-900" : "border-transparent text-slate-700 hover:border-slate-400"}`}
                >
                  {labels[s.key]}
                </Link>
              </li>
            );
          })}
        </ul>
      </nav>
      <NoticeProvider>
        {back ? <BackLink {...back} className="mb-2" /> : null}
        <div className="flex flex-wrap items-start justify-between gap-4">
          <div>
            <h1 className="text-2xl font-semibold">{title}</h1>
            {lead ? <div className="mt-1 text-slate-700">{lead}</div> : null}
          </div>
          {actions ? <div className="flex flex-wrap gap-2">{actions}</div> : null}
        </div>
        {children}
      </NoticeProvider>
    </AppShell>
  );
}
