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

/** A column's heading; `hidden` ones are read by screen readers only (an actions or a bar column). */
export type Column = { label: ReactNode; className?: string; hidden?: boolean };

/** A table in its own sideways scroll: a row of column headings, then `children`, its rows. */
export function ScrollTable({
  label,
  columns,
  caption,
  className,
  children,
}: {
  label: string;
  columns: Column[];
  caption?: string;
  className?: string;
  children: ReactNode;
}) {
  return (
    <TableScroll label={label}>
      <table className={className}>
        {caption ? <caption className="visually-hidden">{caption}</caption> : null}
        <thead>
          <tr>
            {columns.map((c, i) => (
              <th key={i} scope="col" className={c.className}>
                {c.hidden ? <span className="visually-hidden">{c.label}</span> : c.label}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>{children}</tbody>
      </table>
    </TableScroll>
  );
}
