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
  return (
    <div className="table-wrap">
      <table className="data">
        <thead>
          <tr>
            <th scope="col">Lot</th>
            <th scope="col">Product</th>
            <th scope="col">Supplier</th>
            <th scope="col">Expires</th>
            <th scope="col">Stock</th>
            <th scope="col">Status</th>
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
              <td>{lot.supplier?.code ?? "in house"}</td>
              <td>{formatDate(lot.expiresOn)}</td>
              <td>{lot.stock.map((s) => `${s.onHand} @ ${s.warehouse.code}`).join(", ") || "–"}</td>
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
