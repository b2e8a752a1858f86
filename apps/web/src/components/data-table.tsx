import type { TFunction } from "i18next";
import { type ReactNode, useLayoutEffect, useRef } from "react";

/** A column heading; `{ hidden }` is read by screen readers only (an actions column), `false` leaves the column out. */
export type Column = ReactNode | { hidden: ReactNode } | false;

interface DataTableProps {
  caption: ReactNode;
  /** The page's heading says the same: the caption is for screen readers only. */
  captionHidden?: boolean;
  columns: readonly Column[];
  /** The rows (<tr>, the first cell a row header where a row has a name). */
  children: ReactNode;
}

/** Column headings from the locale, in order: `headings(t, "sessions.columns", ["browser", "os"])`. */
export const headings = (t: TFunction, prefix: string, keys: readonly string[]): string[] => keys.map((key) => t(`${prefix}.${key}`));

const isHidden = (column: Column): column is { hidden: ReactNode } => typeof column === "object" && column !== null && "hidden" in column;

/**
 * A data table. Where it has room (about 44rem, whatever the window: a container query)
 * it is a table; narrower, each row is a card whose cells say their column's name
 * (`data-label`, copied from the headings after each render), so nothing scrolls sideways.
 */
export function DataTable({ caption, captionHidden = false, columns, children }: DataTableProps) {
  const table = useRef<HTMLTableElement>(null);
  // No dependency list: rows come and go with every render (pages of history, a revoked session).
  useLayoutEffect(() => {
    const element = table.current;
    if (!element) return;
    const labels = [...(element.tHead?.rows[0]?.cells ?? [])].map((cell) =>
      cell.querySelector(".visually-hidden") ? "" : (cell.textContent ?? ""),
    );
    for (const row of element.tBodies[0]?.rows ?? []) {
      [...row.cells].forEach((cell, i) => {
        const label = cell.colSpan > 1 ? "" : (labels[i] ?? "");
        if (cell.dataset.label !== label) cell.dataset.label = label;
      });
    }
  });
  return (
    <div className="table-scroll">
      <table ref={table} className="data-table">
        <caption className={captionHidden ? "visually-hidden" : undefined}>{caption}</caption>
        <thead>
          <tr>
            {columns.map((column, i) =>
              column === false ? null : (
                // The headings are fixed for the table's life: their position is their identity.
                <th key={i} scope="col">
                  {isHidden(column) ? <span className="visually-hidden">{column.hidden}</span> : column}
                </th>
              ),
            )}
          </tr>
        </thead>
        <tbody>{children}</tbody>
      </table>
    </div>
  );
}
