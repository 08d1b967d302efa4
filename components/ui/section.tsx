import type { ReactNode } from "react";

/** A page section named by its own heading: the `<section>` is labelled by the `<h2>` with the given id. */
export function Section({
  id,
  heading,
  className,
  children,
}: {
  id: string;
  heading: ReactNode;
  className: string;
  children: ReactNode;
}) {
  return (
    <section aria-labelledby={id} className={className}>
      <h2 id={id} className="text-xl font-semibold">
        {heading}
      </h2>
      {children}
    </section>
  );
}
