import type { ReactNode } from "react";

/**
 * A wide table's own sideways scroll, so the page never scrolls sideways on
 * a phone. It takes keyboard focus (arrow keys scroll it) and is named for
 * screen readers by `label`.
 */
export function TableScroll({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="table-scroll" role="region" aria-label={label} tabIndex={0}>
      {children}
    </div>
  );
}
