import { useTranslation } from "react-i18next";
import { enumLabel } from "../../i18n/enumLabel";
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
  const { t } = useTranslation("returns");
  if (returns.length === 0) return null;
  return (
    <div className="returns" data-testid="shipment-returns">
      <h4>{t("list.title")}</h4>
      <ul className="plain">
        {returns.map((r) => (
          <li key={r.id} data-testid="customer-return">
            <strong>{t("list.return", { number: r.number })}</strong> · {formatDateTime(r.createdAt)} · {r.reason}
            <div>
              {t("list.cameBack", {
                lines: r.lines
                  .map((l) => t("list.cameBackLine", { quantity: formatNumber(l.quantity), lot: l.lot.lotNumber }))
                  .join(t("list.separator")),
              })}
            </div>
            {r.holds && r.holds.length > 0 && (
              <div data-testid="return-holds">
                {t("list.held", {
                  holds: r.holds
                    .map((h) => {
                      const what =
                        h.quantity === null
                          ? t("list.wholeLot")
                          : t("list.units", { count: h.quantity, quantity: formatNumber(h.quantity) });
                      const serials = h.serials.map((s) => s.serialNumber).join(t("list.separator"));
                      return t(serials ? "list.holdWithSerials" : "list.hold", {
                        number: h.number,
                        what,
                        serials,
                        status: enumLabel(h.status).toLowerCase(),
                      });
                    })
                    .join(t("list.holdSeparator")),
                })}
              </div>
            )}
            <div data-testid="return-credit-note">
              {r.creditNote
                ? t("list.creditNote", { number: r.creditNote.number, total: formatMoney(r.creditNote.total, currency) })
                : t("list.noCreditNote")}
            </div>
          </li>
        ))}
      </ul>
    </div>
  );
}
