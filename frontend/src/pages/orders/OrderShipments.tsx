import { useState } from "react";
import { Link } from "react-router";
import { useAuth } from "../../auth/AuthProvider";
import { CustomFieldsPanel } from "../../components/CustomFields";
import { DownloadButton } from "../../components/Download";
import { Section } from "../../components/Section";
import { Empty } from "../../components/States";
import { StatusChip } from "../../components/StatusChip";
import { formatDate, formatDateTime } from "../../lib/format";
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
  const { hasRole } = useAuth();
  const [returning, setReturning] = useState<Shipment | null>(null);
  const [recorded, setRecorded] = useState<string | null>(null);
  // The server offers CONFIRM_DELIVERY while a shipment is on its way and the viewer may confirm it.
  const canDeliver = order.availableActions.includes("CONFIRM_DELIVERY");
  const canReturn = !partner && hasRole("WAREHOUSE", "SALES");
  return (
    <Section title="Shipments">
      {recorded && (
        <p className="state" role="status" data-testid="return-recorded">
          Return {recorded} recorded; the units are held in quarantine until QA releases them.
        </p>
      )}
      {order.shipments.length === 0 ? (
        <Empty>Nothing shipped yet.</Empty>
      ) : (
        order.shipments.map((s) => (
          <div key={s.id} className="shipment" data-testid="shipment">
            <h3>
              {s.number} <StatusChip status={s.status} />
            </h3>
            <p className="muted">
              From {s.warehouse.name} · {s.carrier ?? "carrier not set"}
              {s.trackingNumber && ` · tracking ${s.trackingNumber}`} · shipped {formatDateTime(s.shippedAt)}
              {s.deliveredAt && ` · delivered ${formatDateTime(s.deliveredAt)}`}
            </p>
            <div className="table-wrap">
              <table className="data">
                <thead>
                  <tr>
                    <th scope="col">Product</th>
                    <th scope="col">Lot</th>
                    <th scope="col">Expires</th>
                    <th scope="col" className="num">
                      Qty
                    </th>
                    <th scope="col">Serials</th>
                    <th scope="col">Certificate</th>
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
                      <td className="num">{line.quantity}</td>
                      <td>{line.serials.map((x) => x.serialNumber).join(", ") || "–"}</td>
                      <td>
                        {line.lot.release?.certificate ? (
                          <DownloadButton
                            url={line.lot.release.certificate.downloadUrl}
                            fileName={line.lot.release.certificate.fileName}
                            label={`Certificate ${line.lot.lotNumber}`}
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
                  Record return…
                </button>
              )}
            </div>
            <ShipmentReturns returns={s.returns} currency={order.currency} />
            <CustomFieldsPanel nodeId={s.id} editPermission="shipment.create" title={`Custom fields of ${s.number}`} />
            {!partner && <PrintCartonLabels shipmentId={s.id} />}
            {(!partner || s.documents.length > 0) && (
              <DocumentsSection
                nodeId={s.id}
                documents={s.documents}
                onChanged={onChanged}
                title={`Documents of ${s.number}`}
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
