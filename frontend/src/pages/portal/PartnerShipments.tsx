import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { useQuery } from "urql";
import { DownloadButton } from "../../components/Download";
import { Empty, ErrorState, Loading } from "../../components/States";
import { StatusChip } from "../../components/StatusChip";
import { graphql } from "../../graphql";
import { formatDate, formatDateTime, formatNumber } from "../../lib/format";

const PartnerShipmentsQuery = graphql(`
  query PartnerShipments {
    salesOrders(first: 100, filter: { status: [PARTIALLY_SHIPPED, SHIPPED, DELIVERED, INVOICED, CLOSED] }) {
      edges {
        node {
          id
          number
          customerReference
          shipments {
            id
            number
            status
            carrier
            trackingNumber
            shippedAt
            deliveredAt
            lines {
              quantity
              product {
                id
                sku
                name
              }
              lot {
                id
                lotNumber
                expiresOn
                status
                release {
                  certificate {
                    id
                    fileName
                    downloadUrl
                  }
                }
              }
            }
            documents {
              id
              title
              fileName
              downloadUrl
            }
          }
        }
      }
    }
  }
`);

/** A partner's shipments, the lots in them and the certificates of those lots. */
export default function PartnerShipments() {
  const { t } = useTranslation("portal");
  const [{ data, error }, refetch] = useQuery({ query: PartnerShipmentsQuery });
  if (error && !data) return <ErrorState error={error} retry={() => refetch({ requestPolicy: "network-only" })} />;
  if (!data) return <Loading label={t("shipments.loading")} />;
  const shipments = data.salesOrders.edges.flatMap(({ node: order }) =>
    order.shipments.map((shipment) => ({ order, shipment })),
  );
  return (
    <section aria-labelledby="shipments-title">
      <h1 id="shipments-title">{t("shipments.title")}</h1>
      {shipments.length === 0 ? (
        <Empty>{t("shipments.none")}</Empty>
      ) : (
        <div className="table-wrap">
          <table className="data">
            <thead>
              <tr>
                <th scope="col">{t("shipments.columns.shipment")}</th>
                <th scope="col">{t("shipments.columns.order")}</th>
                <th scope="col">{t("shipments.columns.status")}</th>
                <th scope="col">{t("shipments.columns.shipped")}</th>
                <th scope="col">{t("shipments.columns.lots")}</th>
                <th scope="col">{t("shipments.columns.documents")}</th>
              </tr>
            </thead>
            <tbody>
              {shipments.map(({ order, shipment }) => (
                <tr key={shipment.id}>
                  <td>
                    {shipment.number}
                    {shipment.trackingNumber && <div className="muted">{shipment.carrier} {shipment.trackingNumber}</div>}
                  </td>
                  <td>
                    <Link to={`/portal/orders/${order.number}`}>{order.number}</Link>
                    <div className="muted">{order.customerReference}</div>
                  </td>
                  <td>
                    <StatusChip status={shipment.status} />
                    {shipment.lines.some((line) => line.lot.status === "RECALLED") && <StatusChip status="RECALLED" />}
                  </td>
                  <td>{formatDateTime(shipment.shippedAt)}</td>
                  <td>
                    {shipment.lines.map((line) => (
                      <div key={`${line.product.id}-${line.lot.id}`}>
                        {t("shipments.lotLine", { quantity: formatNumber(line.quantity), sku: line.product.sku, lot: line.lot.lotNumber })}{" "}
                        <span className="muted">{t("shipments.expires", { date: formatDate(line.lot.expiresOn) })}</span>{" "}
                        {line.lot.release?.certificate && (
                          <DownloadButton
                            url={line.lot.release.certificate.downloadUrl}
                            fileName={line.lot.release.certificate.fileName}
                            label={t("shipments.certificate")}
                          />
                        )}
                      </div>
                    ))}
                  </td>
                  <td>
                    {shipment.documents.map((d) => (
                      <DownloadButton key={d.id} url={d.downloadUrl} fileName={d.fileName} label={d.title} />
                    ))}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
