/**
 * A box that may scroll, reachable by keyboard so its content can be scrolled without a mouse
 * (WCAG 2.1.1; axe's scrollable-region-focusable). Named, so it is announced as a region.
 */
export function ScrollRegion({
  label,
  className,
  children,
}: {
  label: string;
  className?: string;
  children: React.ReactNode;
}) {
  return (
    // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrollable region must be reachable by keyboard
    <section aria-label={label} tabIndex={0} className={`focus:outline-2 focus:outline-blue-700 ${className ?? ""}`}>
      {children}
    </section>
  );
}
