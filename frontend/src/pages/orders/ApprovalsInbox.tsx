import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { useQuery } from "urql";
import { ApprovalDecision } from "../../components/ApprovalDecision";
import { Empty, ErrorState, Loading } from "../../components/States";
import { graphql } from "../../graphql";
import { Delegations } from "./Delegations";
import { enumLabel } from "../../i18n/enumLabel";
import { formatDateTime, formatMoney, formatNumber, formatPercentValue } from "../../lib/format";

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
  const { t } = useTranslation("orders");
  const [{ data, error }, refetch] = useQuery({ query: PendingApprovalsQuery });
  const reload = () => refetch({ requestPolicy: "network-only" });
  if (error && !data) return <ErrorState error={error} retry={reload} />;
  if (!data) return <Loading label={t("inbox.loading")} />;

  const mine = data.approvalsInbox.edges.map((e) => e.node);
  return (
    <section aria-labelledby="approvals-title">
      <h1 id="approvals-title">{t("inbox.title")}</h1>
      <Delegations />
      {mine.length === 0 ? (
        <Empty>{t("inbox.none")}</Empty>
      ) : (
        mine.map((order) => (
          <article key={order.id} className="card" data-testid="approval-request">
            <h2>
              <Link to={`/orders/${order.number}`}>{order.number}</Link> — {order.customer.name}{" "}
              <span className="muted">{formatMoney(order.total, order.currency)}</span>
            </h2>
            <p className="muted">
              {t("inbox.summary", {
                at: formatDateTime(order.createdAt),
                name: order.createdBy?.displayName ?? "–",
                needs: order.approvals
                  .filter((a) => a.status === "PENDING")
                  .map((a) =>
                    t("inbox.need", { rule: enumLabel(a.rule), level: a.level, role: enumLabel(a.requiredRole).toLowerCase() }),
                  )
                  .join(", "),
                receivables: formatMoney(order.customer.receivableBalance, order.currency),
                limit: formatMoney(order.customer.creditLimit, order.currency),
              })}
            </p>
            <ul className="plain">
              {order.lines.map((l) => (
                <li key={l.id}>
                  {t("inbox.line", { quantity: formatNumber(l.quantity), sku: l.product.sku, price: formatMoney(l.unitPrice, order.currency) })}
                  {Number(l.discountPercent) > 0 && <strong> − {formatPercentValue(l.discountPercent)}</strong>}
                  <span className="muted"> {t("inbox.listPrice", { price: formatMoney(l.product.unitPrice, order.currency) })}</span>
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
