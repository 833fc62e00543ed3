import { useState } from "react";
import { useTranslation } from "react-i18next";
import { useNavigate } from "react-router";
import { useQuery } from "urql";
import { useAuth } from "../../auth/AuthProvider";
import { Empty, ErrorState, Loading } from "../../components/States";
import { graphql } from "../../graphql";
import { enumLabel } from "../../i18n/enumLabel";
import { RecordProductionDialog } from "../builds/RecordProductionDialog";
import { ScanField } from "../warehouse/ScanField";
import { LotsTable } from "./LotsTable";

const LOT_STATUSES = ["QUARANTINE", "RELEASED", "ON_HOLD", "REJECTED", "RECALLED"] as const;

export const LotsQuery = graphql(`
  query Lots($status: [LotStatus!], $productId: ID, $after: String) {
    lots(first: 50, after: $after, status: $status, productId: $productId) {
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
  const { t } = useTranslation(["lots", "common"]);
  const navigate = useNavigate();
  const { can } = useAuth();
  const [producing, setProducing] = useState(false);
  const [status, setStatus] = useState<(typeof LOT_STATUSES)[number] | "">("");
  // A scan that names a product but no lot (a plain EAN, a Digital Link without lot).
  const [product, setProduct] = useState<{ id: string; sku: string; name: string } | null>(null);
  const [{ data, error }, refetch] = useQuery({
    query: LotsQuery,
    variables: { status: status ? [status] : null, productId: product?.id ?? null, after: null },
  });
  return (
    <section aria-labelledby="lots-title">
      <div className="page-head">
        <h1 id="lots-title">{t("search.title")}</h1>
        {/* External builds: lots made outside a work order, for whoever may record production. */}
        {can("stock.produce") && (
          <button type="button" onClick={() => setProducing(true)}>
            {t("search.recordProduction")}
          </button>
        )}
      </div>
      {producing && (
        <RecordProductionDialog onClose={() => setProducing(false)} onRecorded={(lot) => navigate(`/lots/${lot.id}`)} />
      )}
      <div className="filters">
        <ScanField
          label={t("search.scanLabel")}
          hint={t("search.scanHint")}
          onResolved={(result) => {
            if (result.lot) return void navigate(`/lots/${result.lot.id}`);
            if (!result.product) return t("search.noProduct", { gtin: result.gtin });
            if (result.lotNumber)
              return t("search.noLot", { sku: result.product.sku, lot: result.lotNumber });
            if (result.serialNumber)
              return t("search.noLotWithSerial", { sku: result.product.sku, serial: result.serialNumber });
            setProduct(result.product);
          }}
        />
        {product && (
          <p className="muted" role="status">
            {t("search.lotsOf", { sku: product.sku, name: product.name })}{" "}
            <button type="button" onClick={() => setProduct(null)}>
              {t("search.showAll")}
            </button>
          </p>
        )}
        <label className="inline-field">
          {t("common:field.status")}
          <select value={status} onChange={(e) => setStatus(e.target.value as typeof status)}>
            <option value="">{t("search.any")}</option>
            {LOT_STATUSES.map((s) => (
              <option key={s} value={s}>
                {enumLabel(s)}
              </option>
            ))}
          </select>
        </label>
      </div>
      {error && !data ? (
        <ErrorState error={error} retry={() => refetch({ requestPolicy: "network-only" })} />
      ) : !data ? (
        <Loading label={t("search.loading")} />
      ) : data.lots.edges.length === 0 ? (
        <Empty>{t("search.empty")}</Empty>
      ) : (
        <LotsTable lots={data.lots.edges.map((e) => e.node)} />
      )}
    </section>
  );
}
