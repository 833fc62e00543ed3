import { Link } from "react-router";
import { useQuery } from "urql";
import { useAuth } from "../../auth/AuthProvider";
import { ApprovalDecision } from "../../components/ApprovalDecision";
import { Empty, ErrorState, Loading } from "../../components/States";
import { graphql } from "../../graphql";
import { formatDateTime, formatMoney, formatPercentValue, humanize } from "../../lib/format";

const PendingApprovalsQuery = graphql(`
  query PendingApprovals {
    salesOrders(first: 100, filter: { status: [PENDING_APPROVAL] }) {
      edges {
        node {
          id
          number
          createdAt
          currency
          total
          customer {
            id
            code
            name
            creditLimit
            receivableBalance
          }
          createdBy {
            id
            username
            displayName
          }
          lines {
            id
            quantity
            unitPrice
            discountPercent
            product {
              id
              sku
              unitPrice
            }
          }
          approvals {
            rule
            requiredRole
            status
          }
        }
      }
    }
  }
`);

/** Orders waiting for a decision by one of the signed-in user's roles. */
export default function ApprovalsInbox() {
  const { hasRole, session } = useAuth();
  const [{ data, error }, refetch] = useQuery({ query: PendingApprovalsQuery });
  const reload = () => refetch({ requestPolicy: "network-only" });
  if (error && !data) return <ErrorState error={error} retry={reload} />;
  if (!data) return <Loading label="Loading approvals…" />;

  const mine = data.salesOrders.edges
    .map((e) => e.node)
    .filter((o) => o.approvals.some((a) => a.status === "PENDING" && hasRole(a.requiredRole)));
  return (
    <section aria-labelledby="approvals-title">
      <h1 id="approvals-title">Approvals</h1>
      {mine.length === 0 ? (
        <Empty>Nothing waits for your decision.</Empty>
      ) : (
        mine.map((order) => (
          <article key={order.id} className="card" data-testid="approval-request">
            <h2>
              <Link to={`/orders/${order.number}`}>{order.number}</Link> — {order.customer.name}{" "}
              <span className="muted">{formatMoney(order.total, order.currency)}</span>
            </h2>
            <p className="muted">
              Created {formatDateTime(order.createdAt)} by {order.createdBy?.displayName ?? "–"} · needs:{" "}
              {order.approvals
                .filter((a) => a.status === "PENDING")
                .map((a) => humanize(a.rule))
                .join(", ")}
              {" · "}receivables {formatMoney(order.customer.receivableBalance, order.currency)} of{" "}
              {formatMoney(order.customer.creditLimit, order.currency)} limit
            </p>
            <ul className="plain">
              {order.lines.map((l) => (
                <li key={l.id}>
                  {l.quantity} × {l.product.sku} at {formatMoney(l.unitPrice, order.currency)}
                  {Number(l.discountPercent) > 0 && <strong> − {formatPercentValue(l.discountPercent)}</strong>}
                  <span className="muted"> (list {formatMoney(l.product.unitPrice, order.currency)})</span>
                </li>
              ))}
            </ul>
            {order.createdBy?.username === session?.username ? (
              <p className="muted">You created this order; someone else must decide it.</p>
            ) : (
              <ApprovalDecision orderId={order.id} orderNumber={order.number} onDecided={reload} />
            )}
          </article>
        ))
      )}
    </section>
  );
}
