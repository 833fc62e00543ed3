import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { StatusChip } from "../../components/StatusChip";
import { formatDate } from "../../lib/format";

type LotRow = {
  id: string;
  lotNumber: string;
  status: string;
  expiresOn: string | null;
  product: { sku: string; name: string };
  supplier?: { code: string } | null;
  stock: readonly { onHand: number; warehouse: { code: string } }[];
};

export function LotsTable({ lots }: { lots: readonly LotRow[] }) {
  const { t } = useTranslation(["lots", "common"]);
  return (
    <div className="table-wrap">
      <table className="data">
        <thead>
          <tr>
            <th scope="col">{t("common:field.lot")}</th>
            <th scope="col">{t("common:field.product")}</th>
            <th scope="col">{t("common:field.supplier")}</th>
            <th scope="col">{t("common:field.expiresOn")}</th>
            <th scope="col">{t("lot.stock")}</th>
            <th scope="col">{t("common:field.status")}</th>
          </tr>
        </thead>
        <tbody>
          {lots.map((lot) => (
            <tr key={lot.id}>
              <td>
                <Link to={`/lots/${lot.id}`}>{lot.lotNumber}</Link>
              </td>
              <td>
                <span className="sku">{lot.product.sku}</span> {lot.product.name}
              </td>
              <td>{lot.supplier?.code ?? t("table.inHouse")}</td>
              <td>{formatDate(lot.expiresOn)}</td>
              <td>
                {lot.stock
                  .map((s) => t("table.stockAt", { quantity: s.onHand, warehouse: s.warehouse.code }))
                  .join(t("table.listSeparator")) || "–"}
              </td>
              <td>
                <StatusChip status={lot.status} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
