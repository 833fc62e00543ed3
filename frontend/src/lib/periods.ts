import { currentLocale } from "../i18n";
import { isoDate } from "./format";

export type Period = { label: string; from: string; to: string };

/** The last `count` calendar months, oldest first, the current month to date last. */
export function lastMonths(count: number, today = new Date()): Period[] {
  const periods: Period[] = [];
  for (let back = count - 1; back >= 0; back--) {
    const start = new Date(today.getFullYear(), today.getMonth() - back, 1);
    const end = back === 0 ? today : new Date(today.getFullYear(), today.getMonth() - back + 1, 0);
    periods.push({
      label: new Intl.DateTimeFormat(currentLocale(), { month: "short", year: "2-digit" }).format(start),
      from: isoDate(start),
      to: isoDate(end),
    });
  }
  return periods;
}

type AccountingPeriod = { year: number; month: number };

/** The current month and the twelve before it, oldest first: last month's close stays in view in January. */
export function recentAccountingPeriods<P extends AccountingPeriod>(periods: readonly P[], today = new Date()): P[] {
  const current = today.getFullYear() * 12 + today.getMonth();
  return periods
    .filter((p) => {
      const index = p.year * 12 + (p.month - 1);
      return index <= current && index >= current - 12;
    })
    .sort((a, b) => a.year - b.year || a.month - b.month);
}
