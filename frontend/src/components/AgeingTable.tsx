import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";
import i18n from "../i18n";
import { formatMoney } from "../lib/format";

export const BUCKETS = [
  ["current", "Current"],
  ["days1To30", "1–30"],
  ["days31To60", "31–60"],
  ["days61To90", "61–90"],
  ["over90", "Over 90"],
] as const;

type BucketKey = (typeof BUCKETS)[number][0];

/** A bucket's heading in the user's language (BUCKETS keeps the English ones). */
export function bucketLabel(key: BucketKey): string {
  return i18n.t(`components:ageing.${key}`);
}
export type AgeingBuckets = Record<BucketKey | "total", string>;

export interface AgeingParty {
  id: string;
  code: string;
  name: string;
}

/** A column after the buckets and their total, e.g. unapplied credit or an action. */
export interface AgeingColumn<B> {
  header: ReactNode;
  numeric?: boolean;
  cell: (row: { party: AgeingParty; buckets: B }) => ReactNode;
  total?: (total: B) => ReactNode;
}

/** Amounts owed per party by days past due, with a total row: one table for receivables
 * and payables alike. */
export function AgeingTable<B extends AgeingBuckets>({
  label,
  partyHeading,
  rows,
  total,
  columns = [],
}: {
  label: string;
  partyHeading: string;
  rows: { party: AgeingParty; buckets: B }[];
  total: B;
  columns?: AgeingColumn<B>[];
}) {
  const { t } = useTranslation();
  const numeric = (column: AgeingColumn<B>) => (column.numeric ? "num" : undefined);
  return (
    <table className="data" aria-label={label}>
      <thead>
        <tr>
          <th scope="col">{partyHeading}</th>
          {BUCKETS.map(([key]) => (
            <th key={key} scope="col" className="num">
              {bucketLabel(key)}
            </th>
          ))}
          <th scope="col" className="num">
            {t("field.total")}
          </th>
          {columns.map((column, i) => (
            <th key={i} scope="col" className={numeric(column)}>
              {column.header}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {rows.map((row) => (
          <tr key={row.party.id}>
            <th scope="row">
              {row.party.code} <span className="muted">{row.party.name}</span>
            </th>
            {BUCKETS.map(([key]) => (
              <td key={key} className="num">
                {formatMoney(row.buckets[key])}
              </td>
            ))}
            <td className="num">{formatMoney(row.buckets.total)}</td>
            {columns.map((column, i) => (
              <td key={i} className={numeric(column)}>
                {column.cell(row)}
              </td>
            ))}
          </tr>
        ))}
      </tbody>
      <tfoot>
        <tr>
          <th scope="row">{t("field.total")}</th>
          {BUCKETS.map(([key]) => (
            <td key={key} className="num">
              {formatMoney(total[key])}
            </td>
          ))}
          <td className="num">{formatMoney(total.total)}</td>
          {columns.map((column, i) => (
            <td key={i} className={numeric(column)}>
              {column.total?.(total)}
            </td>
          ))}
        </tr>
      </tfoot>
    </table>
  );
}
