import i18n from "../../i18n";
import { formatNumber } from "../../lib/format";

/** A tax rate given as a fraction ("0.21") in percent with two decimals ("21.00 %"). */
export function formatTaxRate(value: string): string {
  return i18n.t("finance:field.percent", { value: formatNumber(Number(value) * 100, 2) });
}
