import Link from "next/link";
import type { ReactNode } from "react";

/** The link back to the page this one was opened from, on a line of its own. */
export function BackLink({ href, label, className }: { href: string; label: string; className: string }) {
  return (
    <p className={className}>
      <Link href={href} className="text-blue-800 underline">
        ← {label}
      </Link>
    </p>
  );
}

/** A page's title, with the link back to where it was opened from above it. */
export function BackLinkHeading({ href, back, title }: { href: string; back: string; title: ReactNode }) {
  return (
    <>
      <BackLink href={href} label={back} className="text-sm" />
      <h1 className="mt-1 text-2xl font-semibold">{title}</h1>
    </>
  );
}
