import { useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import { Link, useSearchParams } from "react-router";
import { useQuery } from "urql";
import { useAuth } from "../../auth/AuthProvider";
import { navFor, NO_USER } from "../../auth/navigation";
import { StatusChip } from "../../components/StatusChip";
import { Empty, ErrorState, Loading } from "../../components/States";
import { graphql } from "../../graphql";
import { enumLabel } from "../../i18n/enumLabel";
import { formatDate, formatMoney } from "../../lib/format";

export const ORDER_STATUSES = [
  "DRAFT",
  "PENDING_APPROVAL",
  "APPROVED",
  "REJECTED",
  "ALLOCATED",
  "PARTIALLY_SHIPPED",
  "SHIPPED",
  "DELIVERED",
  "INVOICED",
  "CLOSED",
  "CANCELLED",
] as const;
type OrderStatus = (typeof ORDER_STATUSES)[number];

const PAGE_SIZE = 25;

export const OrdersQuery = graphql(`
  query Orders($first: Int!, $after: String, $filter: SalesOrderFilter) {
    salesOrders(first: $first, after: $after, filter: $filter) {
      totalCount
      pageInfo {
        hasNextPage
        endCursor
      }
      edges {
        node {
          id
          number
          status
          createdAt
          customerReference
          promisedDeliveryDate
          currency
          total
          customer {
            id
            code
            name
          }
        }
      }
    }
  }
`);

const CustomersQuery = graphql(`
  query CustomerChoices {
    customers(first: 100) {
      edges {
        node {
          id
          code
          name
        }
      }
    }
  }
`);

/**
 * Order list with filters in the URL, so a filtered view can be bookmarked and shared.
 * The title is the navigation label the list is reached by, which keys its translation.
 */
export function OrdersList({ title = "Orders" }: { title?: string }) {
  const { t } = useTranslation(["orders", "common"]);
  const { viewer } = useAuth();
  const partner = viewer?.isPartner ?? false;
  const mayCreate = navFor(viewer ?? NO_USER).some((item) => item.to === "/orders/new");
  const [params, setParams] = useSearchParams();
  const statuses = params.getAll("status") as OrderStatus[];
  const search = params.get("q") ?? "";
  const customerId = params.get("customer") ?? "";
  const from = params.get("from") ?? "";
  const to = params.get("to") ?? "";
  // Cursors of the pages before this one, for "Previous".
  const cursors = params.getAll("after");
  const after = cursors.at(-1) ?? null;

  const [{ data, fetching, error }, refetch] = useQuery({
    query: OrdersQuery,
    variables: {
      first: PAGE_SIZE,
      after,
      filter: {
        status: statuses.length ? statuses : null,
        search: search || null,
        customerId: customerId || null,
        createdFrom: from ? new Date(`${from}T00:00:00`).toISOString() : null,
        createdTo: to ? new Date(`${to}T23:59:59.999`).toISOString() : null,
      },
    },
  });
  const [customers] = useQuery({ query: CustomersQuery, pause: partner });

  const update = (change: (next: URLSearchParams) => void) => {
    const next = new URLSearchParams(params);
    next.delete("after"); // a new filter starts on the first page
    change(next);
    setParams(next, { replace: true });
  };
  const setOrDelete = (key: string, value: string) =>
    update((next) => (value ? next.set(key, value) : next.delete(key)));
  const toggleStatus = (status: OrderStatus) =>
    update((next) => {
      next.delete("status");
      const chosen = statuses.includes(status) ? statuses.filter((s) => s !== status) : [...statuses, status];
      chosen.forEach((s) => next.append("status", s));
    });
  const page = (cursor: string | null) => {
    const next = new URLSearchParams(params);
    next.delete("after");
    const stack = cursor === null ? cursors.slice(0, -1) : [...cursors, cursor];
    stack.forEach((c) => next.append("after", c));
    setParams(next);
  };

  const connection = data?.salesOrders;
  return (
    <section aria-labelledby="orders-title">
      <div className="page-head">
        <h1 id="orders-title">{t(`common:nav.${title}` as "common:nav.Orders")}</h1>
        {mayCreate && (
          <Link className="button primary" to="/orders/new">
            {t("list.newOrder")}
          </Link>
        )}
      </div>

      <div className="filters" role="search">
        <SearchBox initial={search} onSearch={(q) => setOrDelete("q", q)} />
        {!partner && (
          <label className="inline-field">
            {t("list.customer")}
            <select value={customerId} onChange={(e) => setOrDelete("customer", e.target.value)}>
              <option value="">{t("list.allCustomers")}</option>
              {customers.data?.customers.edges.map(({ node }) => (
                <option key={node.id} value={node.id}>
                  {node.code} — {node.name}
                </option>
              ))}
            </select>
          </label>
        )}
        <label className="inline-field">
          {t("list.createdFrom")}
          <input type="date" value={from} onChange={(e) => setOrDelete("from", e.target.value)} />
        </label>
        <label className="inline-field">
          {t("list.createdTo")}
          <input type="date" value={to} onChange={(e) => setOrDelete("to", e.target.value)} />
        </label>
      </div>
      <div className="chips" role="group" aria-label={t("list.filterByStatus")}>
        {ORDER_STATUSES.map((status) => (
          <button
            key={status}
            type="button"
            className={`chip-toggle${statuses.includes(status) ? " on" : ""}`}
            aria-pressed={statuses.includes(status)}
            onClick={() => toggleStatus(status)}
          >
            {enumLabel(status)}
          </button>
        ))}
      </div>

      {error && !connection ? (
        <ErrorState error={error} retry={() => refetch({ requestPolicy: "network-only" })} />
      ) : !connection ? (
        <Loading label={t("list.loading")} />
      ) : connection.edges.length === 0 ? (
        <Empty>{t("list.none")}</Empty>
      ) : (
        <>
          <p className="muted" aria-live="polite">
            {t("list.count", { count: connection.totalCount })}
            {fetching && t("list.refreshing")}
          </p>
          <div className="table-wrap">
            <table className="data" data-testid="orders-table">
              <thead>
                <tr>
                  <th scope="col">{t("list.columns.order")}</th>
                  <th scope="col">{t("list.columns.customer")}</th>
                  <th scope="col">{t("list.columns.reference")}</th>
                  <th scope="col">{t("list.columns.created")}</th>
                  <th scope="col">{t("list.columns.promised")}</th>
                  <th scope="col">{t("list.columns.status")}</th>
                  <th scope="col" className="num">
                    {t("list.columns.total")}
                  </th>
                </tr>
              </thead>
              <tbody>
                {connection.edges.map(({ node }) => (
                  <tr key={node.id}>
                    <td>
                      <Link to={`${partner ? "/portal" : ""}/orders/${node.number}`}>{node.number}</Link>
                    </td>
                    <td>
                      <span title={node.customer.name}>{node.customer.code}</span>
                    </td>
                    <td>{node.customerReference ?? "–"}</td>
                    <td>{formatDate(node.createdAt)}</td>
                    <td>{formatDate(node.promisedDeliveryDate)}</td>
                    <td>
                      <StatusChip status={node.status} />
                    </td>
                    <td className="num">{formatMoney(node.total, node.currency)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <nav className="pager" aria-label={t("list.pages")}>
            <button type="button" disabled={!cursors.length} onClick={() => page(null)}>
              {t("common:action.previous")}
            </button>
            <span>{t("list.page", { number: cursors.length + 1 })}</span>
            <button
              type="button"
              disabled={!connection.pageInfo.hasNextPage}
              onClick={() => page(connection.pageInfo.endCursor)}
            >
              {t("common:action.next")}
            </button>
          </nav>
        </>
      )}
    </section>
  );
}

function SearchBox({ initial, onSearch }: { initial: string; onSearch: (q: string) => void }) {
  const { t } = useTranslation(["orders", "common"]);
  const [value, setValue] = useState(initial);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    onSearch(value.trim());
  };
  return (
    <form onSubmit={submit} className="inline-field">
      <label htmlFor="order-search">{t("common:action.search")}</label>
      <input
        id="order-search"
        type="search"
        placeholder={t("list.searchPlaceholder")}
        value={value}
        onChange={(e) => setValue(e.target.value)}
      />
      <button type="submit">{t("common:action.search")}</button>
    </form>
  );
}
