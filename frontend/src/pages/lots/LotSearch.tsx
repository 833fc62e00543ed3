import { useState } from "react";
import { useNavigate } from "react-router";
import { useQuery } from "urql";
import { Empty, ErrorState, Loading } from "../../components/States";
import { graphql } from "../../graphql";
import { humanize } from "../../lib/format";
import { ScanField } from "../warehouse/ScanField";
import { LotsTable } from "./LotsTable";

const LOT_STATUSES = ["QUARANTINE", "RELEASED", "ON_HOLD", "REJECTED", "RECALLED"] as const;

export const LotsQuery = graphql(`
  query Lots($status: [LotStatus!], $after: String) {
    lots(first: 50, after: $after, status: $status) {
      totalCount
      pageInfo {
        hasNextPage
        endCursor
      }
      edges {
        node {
          id
          lotNumber
          status
          expiresOn
          product {
            id
            sku
            name
          }
          supplier {
            id
            code
          }
          stock {
            onHand
            warehouse {
              id
              code
            }
          }
        }
      }
    }
  }
`);

export default function LotSearch() {
  const navigate = useNavigate();
  const [status, setStatus] = useState<(typeof LOT_STATUSES)[number] | "">("");
  const [{ data, error }, refetch] = useQuery({
    query: LotsQuery,
    variables: { status: status ? [status] : null, after: null },
  });
  return (
    <section aria-labelledby="lots-title">
      <h1 id="lots-title">Lots</h1>
      <div className="filters">
        <ScanField
          label="Scan or type a GS1 barcode"
          onResolved={(result) => {
            if (!result.lot) return "This barcode names no lot.";
            navigate(`/lots/${result.lot.id}`);
          }}
        />
        <label className="inline-field">
          Status
          <select value={status} onChange={(e) => setStatus(e.target.value as typeof status)}>
            <option value="">Any</option>
            {LOT_STATUSES.map((s) => (
              <option key={s} value={s}>
                {humanize(s)}
              </option>
            ))}
          </select>
        </label>
      </div>
      {error && !data ? (
        <ErrorState error={error} retry={() => refetch({ requestPolicy: "network-only" })} />
      ) : !data ? (
        <Loading label="Loading lots…" />
      ) : data.lots.edges.length === 0 ? (
        <Empty>No lots match.</Empty>
      ) : (
        <LotsTable lots={data.lots.edges.map((e) => e.node)} />
      )}
    </section>
  );
}
