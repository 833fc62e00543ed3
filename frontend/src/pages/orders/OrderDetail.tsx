import { useTranslation } from "react-i18next";
import { Link, useLocation, useParams } from "react-router";
import { useQuery, useSubscription } from "urql";
import { useAuth } from "../../auth/AuthProvider";
import { AuditHistory } from "../../components/AuditHistory";
import { CustomFieldsPanel } from "../../components/CustomFields";
import { Section } from "../../components/Section";
import { Empty, ErrorState, Loading } from "../../components/States";
import { StatusChip } from "../../components/StatusChip";
import type { ResultOf } from "../../graphql";
import i18n from "../../i18n";
import { enumLabel } from "../../i18n/enumLabel";
import { formatDate, formatDateTime, formatMoney, formatNumber, formatPercentValue } from "../../lib/format";
import { DocumentsSection } from "../documents/DocumentsSection";
import { OrderActions } from "./OrderActions";
import { OrderChanges } from "./OrderChanges";
import { OrderDetailQuery, OrderStatusChangedSubscription } from "./orderQueries";
import { OrderShipments } from "./OrderShipments";

type Order = NonNullable<ResultOf<typeof OrderDetailQuery>["salesOrder"]>;

export function OrderDetail() {
  const { t } = useTranslation("orders");
  const { number = "" } = useParams();
  const { viewer } = useAuth();
  const partner = viewer?.isPartner ?? false;
  const [{ data, fetching, error }, refetch] = useQuery({ query: OrderDetailQuery, variables: { number, staff: !partner } });
  const reload = () => refetch({ requestPolicy: "network-only" });
  // Another user's step (approval, shipment) shows here without a reload.
  const orderId = data?.salesOrder?.id;
  useSubscription(
    { query: OrderStatusChangedSubscription, variables: { orderId: orderId ?? "" }, pause: !orderId },
    (_previous, event) => {
      reload();
      return event;
    },
  );

  if (error && !data?.salesOrder) return <ErrorState error={error} retry={reload} />;
  if (!data) return <Loading label={t("detail.loading")} />;
  const order = data.salesOrder;
  if (!order) {
    return (
      <section>
        <h1>{t("detail.title", { number })}</h1>
        <Empty>{t("detail.missing")}</Empty>
        <Link to={partner ? "/portal" : "/orders"}>{t("detail.backToOrders")}</Link>
      </section>
    );
  }

  return (
    <article aria-labelledby="order-title" data-testid="order-detail">
      <div className="page-head">
        <h1 id="order-title">
          {t("detail.title", { number: order.number })} <StatusChip status={order.status} />{" "}
          <span className="muted">{t("detail.version", { version: order.version })}</span>
        </h1>
        {fetching && <span className="muted">{t("detail.refreshing")}</span>}
      </div>
      <dl className="facts">
        <div>
          <dt>{t("detail.customer")}</dt>
          <dd>
            {/* Partners have no customer pages; staff go to the customer's. */}
            {partner ? (
              order.customer.name
            ) : (
              <Link to={`/customers/${order.customer.id}`} data-testid="order-customer">
                {order.customer.name}
              </Link>
            )}{" "}
            ({order.customer.code})
          </dd>
        </div>
        <div>
          <dt>{t("detail.customerReference")}</dt>
          <dd>{order.customerReference ?? "–"}</dd>
        </div>
        <div>
          <dt>{t("detail.created")}</dt>
          <dd>
            {order.createdBy
              ? t("detail.createdAtBy", { at: formatDateTime(order.createdAt), name: order.createdBy.displayName })
              : formatDateTime(order.createdAt)}
          </dd>
        </div>
        <div>
          <dt>{t("detail.requestedDelivery")}</dt>
          <dd>{formatDate(order.requestedDeliveryDate)}</dd>
        </div>
        <div>
          <dt>{t("detail.promisedDelivery")}</dt>
          <dd>{formatDate(order.promisedDeliveryDate)}</dd>
        </div>
        <div>
          <dt>{t("detail.total")}</dt>
          <dd>
            <strong>{formatMoney(order.total, order.currency)}</strong>{" "}
            <span className="muted">
              {t("detail.totalBreakdown", {
                subtotal: formatMoney(order.subtotal, order.currency),
                tax: formatMoney(order.taxTotal, order.currency),
              })}
            </span>
          </dd>
        </div>
      </dl>

      <CustomFieldsPanel nodeId={order.id} editPermission="order.edit" />
      <OrderActions order={order} onChanged={reload} />
      {!partner && <OrderChanges order={order} onChanged={reload} />}

      <Lines order={order} />
      {order.approvals?.length ? <Approvals order={order} /> : null}
      <VersionHistory order={order} />
      <OrderShipments order={order} partner={partner} onChanged={reload} />
      <Invoices order={order} />
      <DocumentsSection nodeId={order.id} documents={order.documents} onChanged={reload} />
      {/* Each change (a new version or status) reads the trail again. */}
      {!partner && <AuditHistory key={`${order.version}-${order.status}`} entityId={order.id} currency={order.currency} />}
    </article>
  );
}

function Lines({ order }: { order: Order }) {
  const { t } = useTranslation("orders");
  return (
    <Section title={t("lines.title")}>
      <div className="table-wrap">
        <table className="data">
          <thead>
            <tr>
              <th scope="col">#</th>
              <th scope="col">{t("lines.product")}</th>
              <th scope="col" className="num">
                {t("lines.quantity")}
              </th>
              <th scope="col" className="num">
                {t("lines.unitPrice")}
              </th>
              <th scope="col" className="num">
                {t("lines.discount")}
              </th>
              <th scope="col" className="num">
                {t("lines.lineTotal")}
              </th>
              <th scope="col" className="num">
                {t("lines.shipped")}
              </th>
              <th scope="col">{t("lines.status")}</th>
              <th scope="col">{t("lines.promised")}</th>
              <th scope="col">{t("lines.allocatedFrom")}</th>
            </tr>
          </thead>
          <tbody>
            {order.lines.map((line) => (
              <tr key={line.id}>
                <td>{line.lineNumber}</td>
                <td>
                  <span className="sku">{line.product.sku}</span> {line.product.name}
                </td>
                <td className="num">{formatNumber(line.quantity)}</td>
                <td className="num">{formatMoney(line.unitPrice, order.currency)}</td>
                <td className="num">{Number(line.discountPercent) ? formatPercentValue(line.discountPercent) : "–"}</td>
                <td className="num">{formatMoney(line.lineTotal, order.currency)}</td>
                <td className="num">{formatNumber(line.shippedQuantity)}</td>
                <td>{lineStatus(line.status)}</td>
                <td>
                  {line.promise ? formatDate(line.promise.promisedDeliveryDate) : "–"}
                  {line.promise?.late && (
                    <>
                      {" "}
                      <strong className="late">{t("lines.late")}</strong>
                    </>
                  )}
                </td>
                <td>
                  {line.allocations.length === 0
                    ? "–"
                    : line.allocations.map((a) => (
                        <div key={`${a.warehouse.id}-${a.lot.id}`}>
                          {formatNumber(a.quantity)} × <Link to={`/lots/${a.lot.id}`}>{a.lot.lotNumber}</Link> @ {a.warehouse.code}
                          {a.serials.length > 0 && (
                            <span className="muted"> ({a.serials.map((s) => s.serialNumber).join(", ")})</span>
                          )}
                        </div>
                      ))}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </Section>
  );
}

function Approvals({ order }: { order: Order }) {
  const { t } = useTranslation("orders");
  if (!order.approvals) return null;
  return (
    <Section title={t("approvals.title")}>
      <table className="data">
        <thead>
          <tr>
            <th scope="col">{t("approvals.rule")}</th>
            <th scope="col">{t("approvals.level")}</th>
            <th scope="col">{t("approvals.needs")}</th>
            <th scope="col">{t("approvals.status")}</th>
            <th scope="col">{t("approvals.decision")}</th>
          </tr>
        </thead>
        <tbody>
          {order.approvals.map((a) => (
            <tr key={`${a.rule}-${a.orderVersion}-${a.level}-${a.requiredRole}`}>
              <td>
                {enumLabel(a.rule)} <span className="muted">{t("approvals.ofVersion", { version: a.orderVersion })}</span>
              </td>
              <td>{a.level}</td>
              <td>{enumLabel(a.requiredRole)}</td>
              <td>
                <StatusChip status={a.status} />
              </td>
              <td>
                {a.decidedBy ? (
                  <>
                    {a.decidedBy.displayName}
                    {a.onBehalfOf && <span> {t("approvals.onBehalfOf", { name: a.onBehalfOf.displayName })}</span>}
                    {a.signature && (
                      <span className="muted">
                        {" "}
                        {t("approvals.signed", { meaning: a.signature.meaning, at: formatDateTime(a.signature.signedAt) })}
                      </span>
                    )}
                    {a.comment && <div className="muted">{a.comment}</div>}
                  </>
                ) : (
                  "–"
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </Section>
  );
}

function Invoices({ order }: { order: Order }) {
  const { t } = useTranslation("orders");
  const base = useLocation().pathname.startsWith("/portal") ? "/portal" : "";
  return (
    <Section title={t("invoices.title")}>
      {order.invoices.length === 0 ? (
        <Empty>{t("invoices.none")}</Empty>
      ) : (
        <table className="data">
          <thead>
            <tr>
              <th scope="col">{t("invoices.invoice")}</th>
              <th scope="col">{t("invoices.issued")}</th>
              <th scope="col">{t("invoices.due")}</th>
              <th scope="col">{t("invoices.status")}</th>
              <th scope="col" className="num">
                {t("invoices.total")}
              </th>
              <th scope="col" className="num">
                {t("invoices.open")}
              </th>
            </tr>
          </thead>
          <tbody>
            {order.invoices.map((i) => (
              <tr key={i.id}>
                <td>
                  <Link to={`${base}/invoices/${encodeURIComponent(i.id)}`}>{i.number}</Link>
                </td>
                <td>{formatDate(i.issuedOn)}</td>
                <td>{formatDate(i.dueOn)}</td>
                <td>
                  <StatusChip status={i.status} />
                </td>
                <td className="num">{formatMoney(i.total, order.currency)}</td>
                <td className="num">{formatMoney(i.balance, order.currency)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </Section>
  );
}

// Order lines have their own words for their states ("Short-closed").
const LINE_STATUSES = ["OPEN", "SHIPPED", "SHORT_CLOSED", "CANCELLED"] as const;

function lineStatus(status: string): string {
  return (LINE_STATUSES as readonly string[]).includes(status)
    ? i18n.t(`orders:lines.statuses.${status as (typeof LINE_STATUSES)[number]}`)
    : enumLabel(status);
}

// The fields a version's change is shown by: "Quantity, line 1: 10 → 6".
const CHANGED_FIELDS = [
  "quantity",
  "unitPrice",
  "discountPercent",
  "status",
  "line",
  "requestedDeliveryDate",
  "customerReference",
  "shipTo",
] as const;

export function describeChange(c: { field: string; lineNumber: number | null; before: string | null; after: string | null }) {
  const what = (CHANGED_FIELDS as readonly string[]).includes(c.field)
    ? i18n.t(`orders:versions.fields.${c.field as (typeof CHANGED_FIELDS)[number]}`)
    : enumLabel(c.field);
  const values = { what, before: c.before ?? "–", after: c.after ?? "–" };
  return c.lineNumber != null
    ? i18n.t("orders:versions.changeOnLine", { ...values, line: c.lineNumber })
    : i18n.t("orders:versions.change", values);
}

function VersionHistory({ order }: { order: Order }) {
  const { t } = useTranslation("orders");
  if (order.versions.length === 0) return null;
  return (
    <Section title={t("versions.title")}>
      <ol className="plain" data-testid="version-history">
        {[...order.versions].reverse().map((v) => (
          <li key={v.id}>
            <strong>{t("detail.version", { version: v.version })}</strong> · {formatDateTime(v.createdAt)}
            {v.createdBy && ` · ${v.createdBy.displayName}`} · {formatMoney(v.total, order.currency)}
            {v.reason && <div>{v.reason}</div>}
            {v.changes.length > 0 && (
              <ul>
                {v.changes.map((c, i) => (
                  <li key={i}>{describeChange(c)}</li>
                ))}
              </ul>
            )}
          </li>
        ))}
      </ol>
    </Section>
  );
}
