import { useState, type FormEvent } from "react";
import { Link, useSearchParams } from "react-router";
import { useQuery } from "urql";
import { useAuth } from "../../auth/AuthProvider";
import { navFor, NO_USER } from "../../auth/navigation";
import { StatusChip } from "../../components/StatusChip";
import { Empty, ErrorState, Loading } from "../../components/States";
import { graphql } from "../../graphql";
import { formatDate, formatMoney, humanize } from "../../lib/format";

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

/** Order list with filters in the URL, so a filtered view can be bookmarked and shared. */
export function OrdersList({ title = "Orders" }: { title?: string }) {
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
        <h1 id="orders-title">{title}</h1>
        {mayCreate && (
          <Link className="button primary" to="/orders/new">
            New order
          </Link>
        )}
      </div>

      <div className="filters" role="search">
        <SearchBox initial={search} onSearch={(q) => setOrDelete("q", q)} />
        {!partner && (
          <label className="inline-field">
            Customer
            <select value={customerId} onChange={(e) => setOrDelete("customer", e.target.value)}>
              <option value="">All customers</option>
              {customers.data?.customers.edges.map(({ node }) => (
                <option key={node.id} value={node.id}>
                  {node.code} — {node.name}
                </option>
              ))}
            </select>
          </label>
        )}
        <label className="inline-field">
          Created from
          <input type="date" value={from} onChange={(e) => setOrDelete("from", e.target.value)} />
        </label>
        <label className="inline-field">
          to
          <input type="date" value={to} onChange={(e) => setOrDelete("to", e.target.value)} />
        </label>
      </div>
      <div className="chips" role="group" aria-label="Filter by status">
        {ORDER_STATUSES.map((status) => (
          <button
            key={status}
            type="button"
            className={`chip-toggle${statuses.includes(status) ? " on" : ""}`}
            aria-pressed={statuses.includes(status)}
            onClick={() => toggleStatus(status)}
          >
            {humanize(status)}
          </button>
        ))}
      </div>

      {error && !connection ? (
        <ErrorState error={error} retry={() => refetch({ requestPolicy: "network-only" })} />
      ) : !connection ? (
        <Loading label="Loading orders…" />
      ) : connection.edges.length === 0 ? (
        <Empty>No orders match these filters.</Empty>
      ) : (
        <>
          <p className="muted" aria-live="polite">
            {connection.totalCount} order{connection.totalCount === 1 ? "" : "s"}
            {fetching && " · refreshing…"}
          </p>
          <div className="table-wrap">
            <table className="data" data-testid="orders-table">
              <thead>
                <tr>
                  <th scope="col">Order</th>
                  <th scope="col">Customer</th>
                  <th scope="col">Reference</th>
                  <th scope="col">Created</th>
                  <th scope="col">Promised</th>
                  <th scope="col">Status</th>
                  <th scope="col" className="num">
                    Total
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
          <nav className="pager" aria-label="Pages">
            <button type="button" disabled={!cursors.length} onClick={() => page(null)}>
              Previous
            </button>
            <span>Page {cursors.length + 1}</span>
            <button
              type="button"
              disabled={!connection.pageInfo.hasNextPage}
              onClick={() => page(connection.pageInfo.endCursor)}
            >
              Next
            </button>
          </nav>
        </>
      )}
    </section>
  );
}

function SearchBox({ initial, onSearch }: { initial: string; onSearch: (q: string) => void }) {
  const [value, setValue] = useState(initial);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    onSearch(value.trim());
  };
  return (
    <form onSubmit={submit} className="inline-field">
      <label htmlFor="order-search">Search</label>
      <input
        id="order-search"
        type="search"
        placeholder="Order number or customer reference"
        value={value}
        onChange={(e) => setValue(e.target.value)}
      />
      <button type="submit">Search</button>
    </form>
  );
}
