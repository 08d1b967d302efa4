import Link from "next/link";
import type { ReactNode } from "react";

/** A page's title, with the link back to where it was opened from above it. */
export function BackLinkHeading({ href, back, title }: { href: string; back: string; title: ReactNode }) {
  return (
    <>
      <p className="text-sm">
        <Link href={href} className="text-blue-800 underline">
          ← {back}
        </Link>
      </p>
      <h1 className="mt-1 text-2xl font-semibold">{title}</h1>
    </>
  );
}
