/**
 * Checks that what the user typed is a decimal the API will accept. Prices,
 * totals and tax come from the server (`previewSalesOrder`), never from here.
 */
const SCALE = 10_000n;

/** A decimal of up to 4 places as a scaled integer, or null when it is not one. */
export function parseDecimal(value: string): bigint | null {
  const match = /^\s*(-?)(\d*)(?:\.(\d*))?\s*$/.exec(value);
  if (!match || (match[2] === "" && (match[3] ?? "") === "")) return null;
  const [, sign, whole, fraction = ""] = match;
  if (fraction.length > 4) return null;
  const scaled = BigInt(whole || "0") * SCALE + BigInt(fraction.padEnd(4, "0"));
  return sign === "-" ? -scaled : scaled;
}
