import { Link } from "react-router";
import { useQuery } from "urql";
import { ApprovalDecision } from "../../components/ApprovalDecision";
import { Empty, ErrorState, Loading } from "../../components/States";
import { graphql } from "../../graphql";
import { Delegations } from "./Delegations";
import { formatDateTime, formatMoney, formatPercentValue, humanize } from "../../lib/format";

const PendingApprovalsQuery = graphql(`
  query PendingApprovals {
    approvalsInbox(first: 100) {
      edges {
        node {
          id
          number
          availableActions
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
            level
          }
        }
      }
    }
  }
`);

/** Orders waiting for a decision the signed-in user may take, as the server selects them. */
export default function ApprovalsInbox() {
  const [{ data, error }, refetch] = useQuery({ query: PendingApprovalsQuery });
  const reload = () => refetch({ requestPolicy: "network-only" });
  if (error && !data) return <ErrorState error={error} retry={reload} />;
  if (!data) return <Loading label="Loading approvals…" />;

  const mine = data.approvalsInbox.edges.map((e) => e.node);
  return (
    <section aria-labelledby="approvals-title">
      <h1 id="approvals-title">Approvals</h1>
      <Delegations />
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
                .map((a) => `${humanize(a.rule)} (level ${a.level}, ${humanize(a.requiredRole).toLowerCase()})`)
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
            <ApprovalDecision
              orderId={order.id}
              orderNumber={order.number}
              approve={order.availableActions.includes("APPROVE")}
              reject={order.availableActions.includes("REJECT")}
              onDecided={reload}
            />
          </article>
        ))
      )}
    </section>
  );
}
