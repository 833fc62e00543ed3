/**
 * Exact decimal arithmetic for money previews. Amounts are scaled integers
 * (BigInt, 4 decimal places) so no float rounding creeps in; the server's
 * figures stay authoritative.
 */
const SCALE = 10_000n;

export function parseDecimal(value: string): bigint | null {
  const match = /^\s*(-?)(\d*)(?:\.(\d*))?\s*$/.exec(value);
  if (!match || (match[2] === "" && (match[3] ?? "") === "")) return null;
  const [, sign, whole, fraction = ""] = match;
  if (fraction.length > 4) return null;
  const scaled = BigInt(whole || "0") * SCALE + BigInt(fraction.padEnd(4, "0"));
  return sign === "-" ? -scaled : scaled;
}

/** Round half away from zero to `places` decimals of a scaled value. */
function roundScaled(value: bigint, places: number): bigint {
  const unit = 10n ** BigInt(4 - places);
  const half = unit / 2n;
  const magnitude = value < 0n ? -value : value;
  const rounded = ((magnitude + half) / unit) * unit;
  return value < 0n ? -rounded : rounded;
}

export function formatScaled(value: bigint, places = 2): string {
  const rounded = roundScaled(value, places);
  const negative = rounded < 0n;
  const magnitude = negative ? -rounded : rounded;
  const whole = magnitude / SCALE;
  const fraction = (magnitude % SCALE).toString().padStart(4, "0").slice(0, places);
  return `${negative ? "-" : ""}${whole}${places ? "." + fraction : ""}`;
}

/** quantity x unit price, less a percentage discount, rounded to cents (half up). */
export function lineNet(unitPrice: string, quantity: number, discountPercent: string): string | null {
  const price = parseDecimal(unitPrice);
  const discount = parseDecimal(discountPercent || "0");
  if (price === null || discount === null || !Number.isInteger(quantity)) return null;
  const gross = price * BigInt(quantity);
  const net = (gross * (100n * SCALE - discount)) / (100n * SCALE);
  return formatScaled(net, 2);
}

export function sumDecimals(values: string[]): string {
  let total = 0n;
  for (const value of values) total += parseDecimal(value) ?? 0n;
  return formatScaled(total, 2);
}

export function compareDecimals(a: string, b: string): number {
  const x = parseDecimal(a) ?? 0n;
  const y = parseDecimal(b) ?? 0n;
  return x < y ? -1 : x > y ? 1 : 0;
}
