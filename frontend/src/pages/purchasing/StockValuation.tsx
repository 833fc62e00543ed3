import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { useQuery } from "urql";
import { Section } from "../../components/Section";
import { Empty, ErrorState, Loading } from "../../components/States";
import { formatMoney, formatNumber } from "../../lib/format";
import { StockValuationQuery } from "./payablesQueries";

/** What stock is worth at lot cost, per warehouse and lot, against Inventory (1300). */
export default function StockValuation() {
  const { t } = useTranslation(["purchasing", "common"]);
  const [{ data, error }, refetch] = useQuery({ query: StockValuationQuery, requestPolicy: "cache-and-network" });
  if (error && !data) return <ErrorState error={error} retry={() => refetch({ requestPolicy: "network-only" })} />;
  if (!data) return <Loading label={t("valuation.loading")} />;
  const v = data.inventoryValuation;
  const difference = (Number(v.total) * 100 - Number(v.ledgerBalance) * 100) / 100;
  return (
    <section aria-labelledby="valuation-title">
      <h1 id="valuation-title">{t("valuation.title")}</h1>
      <div className="card">
        <dl className="facts">
          <dt>{t("valuation.atLotCost")}</dt>
          <dd>{formatMoney(v.total)}</dd>
          <dt>{t("valuation.ledger")}</dt>
          <dd>{formatMoney(v.ledgerBalance)}</dd>
          <dt>{t("valuation.difference")}</dt>
          <dd data-testid="valuation-difference">{formatMoney(difference.toFixed(2))}</dd>
        </dl>
      </div>
      <Section title={t("valuation.perWarehouse")}>
        {v.warehouses.length === 0 ? (
          <Empty>{t("valuation.noStock")}</Empty>
        ) : (
          <table className="data" aria-label={t("valuation.perWarehouseTable")}>
            <thead>
              <tr>
                <th scope="col">{t("common:field.warehouse")}</th>
                <th scope="col" className="num">
                  {t("valuation.units")}
                </th>
                <th scope="col" className="num">
                  {t("valuation.value")}
                </th>
              </tr>
            </thead>
            <tbody>
              {v.warehouses.map((w) => (
                <tr key={w.warehouse.id}>
                  <th scope="row">
                    {w.warehouse.code} <span className="muted">{w.warehouse.name}</span>
                  </th>
                  <td className="num">{formatNumber(w.quantity)}</td>
                  <td className="num">{formatMoney(w.value)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </Section>
      <Section title={t("valuation.lots", { total: v.rows.totalCount })}>
        <table className="data" aria-label={t("valuation.perLotTable")}>
          <thead>
            <tr>
              <th scope="col">{t("common:field.warehouse")}</th>
              <th scope="col">{t("common:field.lot")}</th>
              <th scope="col">{t("common:field.product")}</th>
              <th scope="col" className="num">
                {t("valuation.units")}
              </th>
              <th scope="col" className="num">
                {t("valuation.unitCost")}
              </th>
              <th scope="col" className="num">
                {t("valuation.value")}
              </th>
            </tr>
          </thead>
          <tbody>
            {v.rows.edges.map(({ node: r }) => (
              <tr key={`${r.warehouse.code}-${r.lot.id}`}>
                <td>{r.warehouse.code}</td>
                <td>
                  <Link to={`/lots/${encodeURIComponent(r.lot.id)}`}>{r.lot.lotNumber}</Link>
                </td>
                <td>{r.lot.product.sku}</td>
                <td className="num">{formatNumber(r.quantity)}</td>
                <td className="num">{formatMoney(r.unitCost)}</td>
                <td className="num">{formatMoney(r.value)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </Section>
    </section>
  );
}
