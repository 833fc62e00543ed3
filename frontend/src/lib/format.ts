/** Locale-aware display of money, dates and numbers, in the locale of the language the user chose. */
import { currentLocale as locale } from "../i18n";

const moneyFormats = new Map<string, Intl.NumberFormat>();

export function formatMoney(amount: string | null | undefined, currency = "EUR"): string {
  if (amount === null || amount === undefined || amount === "") return "–";
  const key = `${locale()}|${currency}`;
  let format = moneyFormats.get(key);
  if (!format) {
    format = new Intl.NumberFormat(locale(), { style: "currency", currency });
    moneyFormats.set(key, format);
  }
  // Intl formats the decimal string itself, so no float conversion loses cents.
  return format.format(amount as unknown as number);
}

export function formatNumber(value: number | null | undefined, digits = 0): string {
  if (value === null || value === undefined) return "–";
  return new Intl.NumberFormat(locale(), {
    maximumFractionDigits: digits,
    minimumFractionDigits: digits,
  }).format(value);
}

export function formatPercent(rate: number | null | undefined): string {
  if (rate === null || rate === undefined) return "–";
  return new Intl.NumberFormat(locale(), { style: "percent", maximumFractionDigits: 1 }).format(rate);
}

/** A calendar date ("2026-11-17") shown as that same day, whatever the time zone. */
export function formatDate(value: string | null | undefined): string {
  if (!value) return "–";
  const [y, m, d] = value.slice(0, 10).split("-").map(Number);
  return new Intl.DateTimeFormat(locale(), { dateStyle: "medium" }).format(new Date(y, m - 1, d));
}

export function formatDateTime(value: string | null | undefined): string {
  if (!value) return "–";
  return new Intl.DateTimeFormat(locale(), { dateStyle: "medium", timeStyle: "short" }).format(
    new Date(value),
  );
}

/** Today as an ISO calendar date in the user's time zone. */
export function isoDate(date = new Date()): string {
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}

export function humanize(value: string): string {
  const words = value.toLowerCase().replace(/_/g, " ");
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/** A percentage given in percent as a decimal string ("15.00" -> "15 %"). */
export function formatPercentValue(value: string): string {
  return `${new Intl.NumberFormat(locale(), { maximumFractionDigits: 2 }).format(value as unknown as number)} %`;
}
