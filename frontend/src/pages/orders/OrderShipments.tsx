import { useState } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { useAuth } from "../../auth/AuthProvider";
import { CustomFieldsPanel } from "../../components/CustomFields";
import { DownloadButton } from "../../components/Download";
import { Section } from "../../components/Section";
import { Empty } from "../../components/States";
import { StatusChip } from "../../components/StatusChip";
import { formatDate, formatDateTime, formatNumber } from "../../lib/format";
import { ConfirmDelivery } from "../delivery/ConfirmDelivery";
import { DocumentsSection } from "../documents/DocumentsSection";
import { RecordReturnDialog } from "../returns/RecordReturnDialog";
import { ShipmentReturns } from "../returns/ShipmentReturns";
import { PrintCartonLabels } from "../standards/PrintLabels";
import type { ResultOf } from "../../graphql";
import type { OrderDetailQuery } from "./orderQueries";

type Order = NonNullable<ResultOf<typeof OrderDetailQuery>["salesOrder"]>;
type Shipment = Order["shipments"][number];
const RETURNABLE = ["SHIPPED", "DELIVERED"];

/** An order's shipments with what can be done to each: confirm delivery, take goods back, attach papers. */
export function OrderShipments({ order, partner, onChanged }: { order: Order; partner: boolean; onChanged: () => void }) {
  const { t } = useTranslation("orders");
  const { hasRole } = useAuth();
  const [returning, setReturning] = useState<Shipment | null>(null);
  const [recorded, setRecorded] = useState<string | null>(null);
  // The server offers CONFIRM_DELIVERY while a shipment is on its way and the viewer may confirm it.
  const canDeliver = order.availableActions.includes("CONFIRM_DELIVERY");
  const canReturn = !partner && hasRole("WAREHOUSE", "SALES");
  return (
    <Section title={t("shipments.title")}>
      {recorded && (
        <p className="state" role="status" data-testid="return-recorded">
          {t("shipments.returnRecorded", { number: recorded })}
        </p>
      )}
      {order.shipments.length === 0 ? (
        <Empty>{t("shipments.none")}</Empty>
      ) : (
        order.shipments.map((s) => (
          <div key={s.id} className="shipment" data-testid="shipment">
            <h3>
              {s.number} <StatusChip status={s.status} />
            </h3>
            <p className="muted">
              {[
                t("shipments.from", { warehouse: s.warehouse.name }),
                s.carrier ?? t("shipments.noCarrier"),
                s.trackingNumber && t("shipments.tracking", { number: s.trackingNumber }),
                t("shipments.shipped", { at: formatDateTime(s.shippedAt) }),
                s.deliveredAt && t("shipments.delivered", { at: formatDateTime(s.deliveredAt) }),
              ]
                .filter(Boolean)
                .join(" · ")}
            </p>
            <div className="table-wrap">
              <table className="data">
                <thead>
                  <tr>
                    <th scope="col">{t("shipments.product")}</th>
                    <th scope="col">{t("shipments.lot")}</th>
                    <th scope="col">{t("shipments.expires")}</th>
                    <th scope="col" className="num">
                      {t("shipments.quantity")}
                    </th>
                    <th scope="col">{t("shipments.serials")}</th>
                    <th scope="col">{t("shipments.certificate")}</th>
                  </tr>
                </thead>
                <tbody>
                  {s.lines.map((line) => (
                    <tr key={`${line.product.id}-${line.lot.id}`}>
                      <td>
                        <span className="sku">{line.product.sku}</span> {line.product.name}
                      </td>
                      <td>{partner ? line.lot.lotNumber : <Link to={`/lots/${line.lot.id}`}>{line.lot.lotNumber}</Link>}</td>
                      <td>{formatDate(line.lot.expiresOn)}</td>
                      <td className="num">{formatNumber(line.quantity)}</td>
                      <td>{line.serials.map((x) => x.serialNumber).join(", ") || "–"}</td>
                      <td>
                        {line.lot.release?.certificate ? (
                          <DownloadButton
                            url={line.lot.release.certificate.downloadUrl}
                            fileName={line.lot.release.certificate.fileName}
                            label={t("shipments.certificateOf", { lot: line.lot.lotNumber })}
                          />
                        ) : (
                          "–"
                        )}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
            <div className="actions">
              {canDeliver && s.status === "SHIPPED" && <ConfirmDelivery shipment={s} onDone={onChanged} />}
              {canReturn && RETURNABLE.includes(s.status) && (
                <button type="button" onClick={() => setReturning(s)}>
                  {t("shipments.recordReturn")}
                </button>
              )}
            </div>
            <ShipmentReturns returns={s.returns} currency={order.currency} />
            <CustomFieldsPanel nodeId={s.id} editPermission="shipment.create" title={t("shipments.customFields", { number: s.number })} />
            {!partner && <PrintCartonLabels shipmentId={s.id} />}
            {(!partner || s.documents.length > 0) && (
              <DocumentsSection
                nodeId={s.id}
                documents={s.documents}
                onChanged={onChanged}
                title={t("shipments.documents", { number: s.number })}
                defaultKind="PACKING_LIST"
              />
            )}
          </div>
        ))
      )}
      {returning && (
        <RecordReturnDialog
          shipment={returning}
          onClose={() => setReturning(null)}
          onRecorded={(number) => {
            setReturning(null);
            setRecorded(number);
            onChanged();
          }}
        />
      )}
    </Section>
  );
}
