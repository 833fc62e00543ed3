import { formatDateTime, formatMoney, formatNumber } from "../../lib/format";

export type ShipmentReturn = {
  id: string;
  number: string;
  reason: string;
  createdAt: string;
  lines: readonly { quantity: number; lot: { id: string; lotNumber: string } }[];
  holds?: readonly { id: string; number: string; quantity: number | null; status: string; serials: readonly { serialNumber: string }[] }[];
  creditNote: { id: string; number: string; total: string } | null;
};

/** The returns taken back from one shipment: number, what came back, the units held and any credit note. */
export function ShipmentReturns({ returns, currency }: { returns: readonly ShipmentReturn[]; currency: string }) {
  if (returns.length === 0) return null;
  return (
    <div className="returns" data-testid="shipment-returns">
      <h4>Returns</h4>
      <ul className="plain">
        {returns.map((r) => (
          <li key={r.id} data-testid="customer-return">
            <strong>Return {r.number}</strong> · {formatDateTime(r.createdAt)} · {r.reason}
            <div>
              Came back:{" "}
              {r.lines.map((l) => `${formatNumber(l.quantity)} × lot ${l.lot.lotNumber}`).join(", ")}
            </div>
            {r.holds && r.holds.length > 0 && (
              <div data-testid="return-holds">
                Held:{" "}
                {r.holds
                  .map(
                    (h) =>
                      `${h.number} (${h.quantity === null ? "whole lot" : `${formatNumber(h.quantity)} unit${h.quantity === 1 ? "" : "s"}`}${
                        h.serials.length ? `: ${h.serials.map((s) => s.serialNumber).join(", ")}` : ""
                      }, ${h.status.toLowerCase()})`,
                  )
                  .join("; ")}
              </div>
            )}
            <div data-testid="return-credit-note">
              {r.creditNote
                ? `Credit note ${r.creditNote.number}: ${formatMoney(r.creditNote.total, currency)}`
                : "No credit note: the goods had not been invoiced."}
            </div>
          </li>
        ))}
      </ul>
    </div>
  );
}
