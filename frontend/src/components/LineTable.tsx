import type { Key, ReactNode } from "react";

export interface LineColumn<L> {
  header: ReactNode;
  numeric?: boolean;
  cell: (line: L) => ReactNode;
}

/** A document's lines as a table, one column per definition: invoices, supplier invoices
 * and their summaries share one layout. */
export function LineTable<L>({
  label,
  lines,
  columns,
  lineKey,
}: {
  label?: string;
  lines: readonly L[];
  columns: readonly LineColumn<L>[];
  lineKey: (line: L, index: number) => Key;
}) {
  const numeric = (column: LineColumn<L>) => (column.numeric ? "num" : undefined);
  return (
    <table className="data" aria-label={label}>
      <thead>
        <tr>
          {columns.map((column, i) => (
            <th key={i} scope="col" className={numeric(column)}>
              {column.header}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {lines.map((line, index) => (
          <tr key={lineKey(line, index)}>
            {columns.map((column, i) => (
              <td key={i} className={numeric(column)}>
                {column.cell(line)}
              </td>
            ))}
          </tr>
        ))}
      </tbody>
    </table>
  );
}
