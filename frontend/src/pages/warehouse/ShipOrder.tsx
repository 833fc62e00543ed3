import { useState, type FormEvent } from "react";
import { Trans, useTranslation } from "react-i18next";
import { Link, useNavigate, useParams } from "react-router";
import { useQuery } from "urql";
import { useAction } from "../../api/useAction";
import { FormErrors, TextField } from "../../components/Field";
import { Section } from "../../components/Section";
import { Empty, ErrorState, Loading } from "../../components/States";
import { graphql, type ResultOf } from "../../graphql";
import { errorAt } from "../../lib/errors";
import { formatDate } from "../../lib/format";
import { OrderDetailQuery } from "../orders/orderQueries";
import { ScanField } from "./ScanField";

const CreateShipmentMutation = graphql(`
  mutation CreateShipment($input: CreateShipmentInput!) {
    createShipment(input: $input) {
      shipment {
        id
        number
        status
      }
      userErrors {
        field
        message
        code
      }
    }
  }
`);

type Order = NonNullable<ResultOf<typeof OrderDetailQuery>["salesOrder"]>;
type Pick = {
  key: string;
  warehouseId: string;
  warehouseCode: string;
  lotId: string;
  lotNumber: string;
  expiresOn: string | null;
  sku: string;
  name: string;
  serialTracked: boolean;
  quantity: number;
};

/** Open allocations of an order, one pick list per warehouse. */
function pickLists(order: Order): Map<string, Pick[]> {
  const lists = new Map<string, Pick[]>();
  for (const line of order.lines)
    for (const a of line.allocations) {
      const picks = lists.get(a.warehouse.id) ?? [];
      picks.push({
        key: `${line.id}-${a.lot.id}`,
        warehouseId: a.warehouse.id,
        warehouseCode: a.warehouse.code,
        lotId: a.lot.id,
        lotNumber: a.lot.lotNumber,
        expiresOn: a.lot.expiresOn,
        sku: line.product.sku,
        name: line.product.name,
        serialTracked: line.product.trackingMode === "SERIAL",
        quantity: a.quantity,
      });
      lists.set(a.warehouse.id, picks);
    }
  return lists;
}

/** Errors aimed at a pick line's field or at carrier / tracking show beside that field. */
function placedOnForm(field: readonly string[] | null): boolean {
  if (!field) return false;
  if (field[1] === "lines") return field.length >= 4;
  return field[1] === "carrier" || field[1] === "trackingNumber";
}

export default function ShipOrder() {
  const { t } = useTranslation("warehouse");
  const { number = "" } = useParams();
  const [{ data, error }, refetch] = useQuery({ query: OrderDetailQuery, variables: { number, staff: true } });
  if (error && !data) return <ErrorState error={error} retry={() => refetch({ requestPolicy: "network-only" })} />;
  if (!data) return <Loading label={t("ship.loading")} />;
  const order = data.salesOrder;
  if (!order) return <Empty>{t("ship.noOrder", { number })}</Empty>;
  const lists = pickLists(order);
  return (
    <section aria-labelledby="ship-title">
      <h1 id="ship-title">
        <Trans
          t={t}
          i18nKey="ship.title"
          values={{ number: order.number }}
          components={{ order: <Link to={`/orders/${order.number}`} /> }}
        />
      </h1>
      <p className="muted">
        {t("ship.toCustomer", { customer: order.customer.name, date: formatDate(order.promisedDeliveryDate) })}
      </p>
      {lists.size === 0 ? (
        <Empty>{t("ship.nothingAllocated")}</Empty>
      ) : (
        [...lists.values()].map((picks) => (
          <ShipmentForm key={picks[0].warehouseId} orderId={order.id} orderNumber={order.number} picks={picks} />
        ))
      )}
    </section>
  );
}

function ShipmentForm({ orderId, orderNumber, picks }: { orderId: string; orderNumber: string; picks: Pick[] }) {
  const { t } = useTranslation("warehouse");
  const navigate = useNavigate();
  const [carrier, setCarrier] = useState("");
  const [tracking, setTracking] = useState("");
  const [quantities, setQuantities] = useState<Record<string, string>>(
    Object.fromEntries(picks.map((p) => [p.key, String(p.quantity)])),
  );
  const [serials, setSerials] = useState<Record<string, string[]>>({});
  const [idempotencyKey] = useState(() => crypto.randomUUID());
  const action = useAction(CreateShipmentMutation);

  const addSerial = (pick: Pick, serial: string): string | null => {
    const current = serials[pick.key] ?? [];
    if (current.includes(serial)) return t("ship.serialCaptured", { serial });
    if (current.length >= Number(quantities[pick.key])) return t("ship.allCaptured", { count: Number(quantities[pick.key]) });
    setSerials({ ...serials, [pick.key]: [...current, serial] });
    return null;
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const done = await action.run({
      input: {
        orderId,
        warehouseId: picks[0].warehouseId,
        carrier: carrier.trim() || null,
        trackingNumber: tracking.trim() || null,
        idempotencyKey,
        lines: picks
          .filter((p) => Number(quantities[p.key]) > 0)
          .map((p) => ({
            lotId: p.lotId,
            quantity: Number(quantities[p.key]),
            serialNumbers: p.serialTracked ? (serials[p.key] ?? []) : null,
          })),
      },
    });
    if (done) navigate(`/orders/${orderNumber}`);
  };

  const lineIndex = (pick: Pick) => picks.filter((p) => Number(quantities[p.key]) > 0).indexOf(pick);
  return (
    <Section title={t("ship.from", { warehouse: picks[0].warehouseCode })}>
      <form onSubmit={submit} aria-label={t("ship.shipmentFrom", { warehouse: picks[0].warehouseCode })}>
        {picks.map((pick) => {
          const at = (field: string) => errorAt(action.userErrors, "input", "lines", lineIndex(pick), field);
          const captured = serials[pick.key] ?? [];
          return (
            <fieldset key={pick.key} className="pick">
              <legend>
                {t("ship.pick", { sku: pick.sku, name: pick.name, lot: pick.lotNumber, expires: formatDate(pick.expiresOn) })}
              </legend>
              <TextField
                label={t("ship.quantityToShip")}
                type="number"
                min={0}
                max={pick.quantity}
                value={quantities[pick.key]}
                onChange={(e) => setQuantities({ ...quantities, [pick.key]: e.target.value })}
                error={at("quantity") ?? at("lotId")}
                hint={t("ship.allocated", { count: pick.quantity })}
              />
              {pick.serialTracked && (
                <div className="serials">
                  <ScanField
                    label={t("ship.scanSerials", { captured: captured.length, of: quantities[pick.key] })}
                    onResolved={(scan) => {
                      if (!scan.serialNumber) return t("ship.noSerial");
                      if (scan.lot && scan.lot.id !== pick.lotId)
                        return t("ship.otherLot", { lot: scan.lot.lotNumber, expected: pick.lotNumber });
                      return addSerial(pick, scan.serialNumber);
                    }}
                  />
                  <ul className="plain serial-list" aria-label={t("ship.capturedSerials")}>
                    {captured.map((s) => (
                      <li key={s}>
                        {s}{" "}
                        <button
                          type="button"
                          className="link"
                          onClick={() => setSerials({ ...serials, [pick.key]: captured.filter((x) => x !== s) })}
                        >
                          {t("ship.remove")}
                        </button>
                      </li>
                    ))}
                  </ul>
                  {at("serialNumbers") && (
                    <p className="field-error" role="alert">
                      {at("serialNumbers")}
                    </p>
                  )}
                </div>
              )}
            </fieldset>
          );
        })}
        <div className="grid-form">
          <TextField label={t("ship.carrier")} value={carrier} onChange={(e) => setCarrier(e.target.value)} error={errorAt(action.userErrors, "input", "carrier")} />
          <TextField
            label={t("ship.trackingNumber")}
            value={tracking}
            onChange={(e) => setTracking(e.target.value)}
            error={errorAt(action.userErrors, "input", "trackingNumber")}
          />
        </div>
        <FormErrors
          messages={[
            ...action.userErrors.filter((e) => !placedOnForm(e.field)).map((e) => e.message),
            ...(action.failure ? [action.failure] : []),
          ]}
        />
        <div className="actions">
          <button type="submit" className="primary" disabled={action.busy}>
            {action.busy ? t("ship.shipping") : t("ship.submit")}
          </button>
        </div>
      </form>
    </Section>
  );
}
