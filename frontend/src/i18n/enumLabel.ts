import i18n from ".";
import { humanize } from "../lib/format";

/**
 * A server enum value (DRAFT, QUARANTINE, RECEIVING…) in the user's language. The catalogue
 * is keyed by value, since a value means the same wherever it appears; a value the catalogue
 * lacks reads as its words ("PARTIALLY_SHIPPED" -> "Partially shipped").
 */
export function enumLabel(value: string): string {
  const key = `enums:${value}`;
  return i18n.exists(key) ? (i18n.t(key as never) as string) : humanize(value);
}
