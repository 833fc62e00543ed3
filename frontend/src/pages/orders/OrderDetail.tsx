import { Link, useLocation, useParams } from "react-router";
import { useQuery, useSubscription } from "urql";
import { useAuth } from "../../auth/AuthProvider";
import { AuditHistory } from "../../components/AuditHistory";
import { CustomFieldsPanel } from "../../components/CustomFields";
import { Section } from "../../components/Section";
import { Empty, ErrorState, Loading } from "../../components/States";
import { StatusChip } from "../../components/StatusChip";
import type { ResultOf } from "../../graphql";
import { formatDate, formatDateTime, formatMoney, formatPercentValue, humanize } from "../../lib/format";
import { DocumentsSection } from "../documents/DocumentsSection";
import { OrderActions } from "./OrderActions";
import { OrderChanges } from "./OrderChanges";
import { OrderDetailQuery, OrderStatusChangedSubscription } from "./orderQueries";
import { OrderShipments } from "./OrderShipments";

type Order = NonNullable<ResultOf<typeof OrderDetailQuery>["salesOrder"]>;

export function OrderDetail() {
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
  if (!data) return <Loading label="Loading order…" />;
  const order = data.salesOrder;
  if (!order) {
    return (
      <section>
        <h1>Order {number}</h1>
        <Empty>No order with this number exists, or it is not visible to you.</Empty>
        <Link to={partner ? "/portal" : "/orders"}>Back to orders</Link>
      </section>
    );
  }

  return (
    <article aria-labelledby="order-title" data-testid="order-detail">
      <div className="page-head">
        <h1 id="order-title">
          Order {order.number} <StatusChip status={order.status} />{" "}
          <span className="muted">Version {order.version}</span>
        </h1>
        {fetching && <span className="muted">refreshing…</span>}
      </div>
      <dl className="facts">
        <div>
          <dt>Customer</dt>
          <dd>
            {order.customer.name} ({order.customer.code})
          </dd>
        </div>
        <div>
          <dt>Customer reference</dt>
          <dd>{order.customerReference ?? "–"}</dd>
        </div>
        <div>
          <dt>Created</dt>
          <dd>
            {formatDateTime(order.createdAt)}
            {order.createdBy && ` by ${order.createdBy.displayName}`}
          </dd>
        </div>
        <div>
          <dt>Requested delivery</dt>
          <dd>{formatDate(order.requestedDeliveryDate)}</dd>
        </div>
        <div>
          <dt>Promised delivery</dt>
          <dd>{formatDate(order.promisedDeliveryDate)}</dd>
        </div>
        <div>
          <dt>Total</dt>
          <dd>
            <strong>{formatMoney(order.total, order.currency)}</strong>{" "}
            <span className="muted">
              ({formatMoney(order.subtotal, order.currency)} + tax {formatMoney(order.taxTotal, order.currency)})
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
  return (
    <Section title="Lines">
      <div className="table-wrap">
        <table className="data">
          <thead>
            <tr>
              <th scope="col">#</th>
              <th scope="col">Product</th>
              <th scope="col" className="num">
                Qty
              </th>
              <th scope="col" className="num">
                Unit price
              </th>
              <th scope="col" className="num">
                Discount
              </th>
              <th scope="col" className="num">
                Line total
              </th>
              <th scope="col" className="num">
                Shipped
              </th>
              <th scope="col">Status</th>
              <th scope="col">Promised</th>
              <th scope="col">Allocated from</th>
            </tr>
          </thead>
          <tbody>
            {order.lines.map((line) => (
              <tr key={line.id}>
                <td>{line.lineNumber}</td>
                <td>
                  <span className="sku">{line.product.sku}</span> {line.product.name}
                </td>
                <td className="num">{line.quantity}</td>
                <td className="num">{formatMoney(line.unitPrice, order.currency)}</td>
                <td className="num">{Number(line.discountPercent) ? formatPercentValue(line.discountPercent) : "–"}</td>
                <td className="num">{formatMoney(line.lineTotal, order.currency)}</td>
                <td className="num">{line.shippedQuantity}</td>
                <td>{LINE_STATUS[line.status] ?? humanize(line.status)}</td>
                <td>
                  {line.promise ? formatDate(line.promise.promisedDeliveryDate) : "–"}
                  {line.promise?.late && (
                    <>
                      {" "}
                      <strong className="late">Late</strong>
                    </>
                  )}
                </td>
                <td>
                  {line.allocations.length === 0
                    ? "–"
                    : line.allocations.map((a) => (
                        <div key={`${a.warehouse.id}-${a.lot.id}`}>
                          {a.quantity} × <Link to={`/lots/${a.lot.id}`}>{a.lot.lotNumber}</Link> @ {a.warehouse.code}
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
  if (!order.approvals) return null;
  return (
    <Section title="Approvals">
      <table className="data">
        <thead>
          <tr>
            <th scope="col">Rule</th>
            <th scope="col">Level</th>
            <th scope="col">Needs</th>
            <th scope="col">Status</th>
            <th scope="col">Decision</th>
          </tr>
        </thead>
        <tbody>
          {order.approvals.map((a) => (
            <tr key={`${a.rule}-${a.orderVersion}-${a.level}-${a.requiredRole}`}>
              <td>
                {humanize(a.rule)} <span className="muted">(version {a.orderVersion})</span>
              </td>
              <td>{a.level}</td>
              <td>{humanize(a.requiredRole)}</td>
              <td>
                <StatusChip status={a.status} />
              </td>
              <td>
                {a.decidedBy ? (
                  <>
                    {a.decidedBy.displayName}
                    {a.onBehalfOf && <span> on behalf of {a.onBehalfOf.displayName}</span>}
                    {a.signature && (
                      <span className="muted">
                        {" "}
                        — signed “{a.signature.meaning}” {formatDateTime(a.signature.signedAt)}
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
  const base = useLocation().pathname.startsWith("/portal") ? "/portal" : "";
  return (
    <Section title="Invoices">
      {order.invoices.length === 0 ? (
        <Empty>No invoice issued yet.</Empty>
      ) : (
        <table className="data">
          <thead>
            <tr>
              <th scope="col">Invoice</th>
              <th scope="col">Issued</th>
              <th scope="col">Due</th>
              <th scope="col">Status</th>
              <th scope="col" className="num">
                Total
              </th>
              <th scope="col" className="num">
                Open
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

const LINE_STATUS: Record<string, string> = {
  OPEN: "Open",
  SHIPPED: "Shipped",
  SHORT_CLOSED: "Short-closed",
  CANCELLED: "Cancelled",
};

// The words a version's change is shown in: "Quantity, line 1: 10 → 6".
const FIELD_WORDS: Record<string, string> = {
  quantity: "Quantity",
  unitPrice: "Unit price",
  discountPercent: "Discount %",
  status: "Status",
  line: "Line added",
  requestedDeliveryDate: "Requested delivery",
  customerReference: "Customer reference",
  shipTo: "Ship-to",
};

export function describeChange(c: { field: string; lineNumber: number | null; before: string | null; after: string | null }) {
  const what = FIELD_WORDS[c.field] ?? humanize(c.field);
  const where = c.lineNumber != null ? `, line ${c.lineNumber}` : "";
  return `${what}${where}: ${c.before ?? "–"} → ${c.after ?? "–"}`;
}

function VersionHistory({ order }: { order: Order }) {
  if (order.versions.length === 0) return null;
  return (
    <Section title="Version history">
      <ol className="plain" data-testid="version-history">
        {[...order.versions].reverse().map((v) => (
          <li key={v.id}>
            <strong>Version {v.version}</strong> · {formatDateTime(v.createdAt)}
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
