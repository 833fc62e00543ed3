import { lazy, Suspense } from "react";
import { Link, useParams } from "react-router";
import { useQuery } from "urql";
import { DownloadButton } from "../../components/Download";
import { Section } from "../../components/Section";
import { LotMoves } from "../transfers/LotMoves";
import { Empty, ErrorState, Loading } from "../../components/States";
import { StatusChip } from "../../components/StatusChip";
import { formatDate, formatDateTime, humanize } from "../../lib/format";
import { LotQuality } from "../qa/LotQuality";
import { PrintLotLabels } from "../standards/PrintLabels";
import { CustomFieldsPanel } from "../../components/CustomFields";
import { DocumentsSection } from "../documents/DocumentsSection";
import { LotActions } from "./LotActions";
import { LotQuery } from "./lotQueries";

const TraceGraph = lazy(() => import("./TraceGraph").then((m) => ({ default: m.TraceGraph })));

export default function LotPage() {
  const { id = "" } = useParams();
  const [{ data, error }, refetch] = useQuery({ query: LotQuery, variables: { id } });
  const reload = () => refetch({ requestPolicy: "network-only" });

  if (error && !data?.node) return <ErrorState error={error} retry={reload} />;
  if (!data) return <Loading label="Loading lot…" />;
  const lot = data.node && "lotNumber" in data.node ? data.node : null;
  if (!lot)
    return (
      <section>
        <h1>Lot</h1>
        <Empty>This lot does not exist or is not visible to you.</Empty>
        <Link to="/lots">Find a lot</Link>
      </section>
    );

  return (
    <article aria-labelledby="lot-title" data-testid="lot-page">
      <div className="page-head">
        <h1 id="lot-title">
          Lot {lot.lotNumber} <StatusChip status={lot.status} />
        </h1>
        <PrintLotLabels lotId={lot.id} onPrinted={reload} />
        <Link className="button" to={`/recalls/new?lot=${encodeURIComponent(lot.id)}`}>
          Recall…
        </Link>
      </div>
      <dl className="facts">
        <div>
          <dt>Product</dt>
          <dd>
            <span className="sku">{lot.product.sku}</span> {lot.product.name}
          </dd>
        </div>
        <div>
          <dt>GTIN</dt>
          <dd>{lot.product.gtin}</dd>
        </div>
        <div>
          <dt>Class · tracking</dt>
          <dd>
            {lot.product.deviceClass} · {humanize(lot.product.trackingMode)}
          </dd>
        </div>
        <div>
          <dt>Manufactured</dt>
          <dd>{formatDate(lot.manufacturedOn)}</dd>
        </div>
        <div>
          <dt>Expires</dt>
          <dd>{formatDate(lot.expiresOn)}</dd>
        </div>
        <div>
          <dt>Supplier</dt>
          <dd>{lot.supplier ? `${lot.supplier.name} (${lot.supplier.code})` : "Made in house"}</dd>
        </div>
        {/* production: the work order that made it, and QA's review of its batch record */}
        {lot.workOrder && (
          <div>
            <dt>Work order</dt>
            <dd>
              <Link to={`/work-orders/${lot.workOrder.number}`}>{lot.workOrder.number}</Link>
              {lot.workOrder.batchRecord && (
                <>
                  {" "}
                  · <Link to={`/batch-records/${lot.workOrder.number}`}>batch record</Link>{" "}
                  <StatusChip status={lot.workOrder.batchRecord.status} />
                </>
              )}
            </dd>
          </div>
        )}
      </dl>

      <LotActions lot={lot} onChanged={reload} />
      {/* quality loop */}
      <CustomFieldsPanel nodeId={lot.id} editPermission="lot.inspect" />
      <LotQuality lotId={lot.id} onChanged={reload} />

      <Section title="Trace">
        <Suspense fallback={<Loading label="Drawing trace…" />}>
          <TraceGraph lot={lot} />
        </Suspense>
      </Section>

      {/* daily work: transfers and every other move of the lot */}
      <LotMoves lotId={lot.id} />

      <Section title="Stock">
        {lot.stock.length === 0 ? (
          <Empty>No stock of this lot in any warehouse.</Empty>
        ) : (
          <table className="data">
            <thead>
              <tr>
                <th scope="col">Warehouse</th>
                <th scope="col" className="num">
                  On hand
                </th>
                <th scope="col" className="num">
                  Reserved
                </th>
                <th scope="col" className="num">
                  Available
                </th>
              </tr>
            </thead>
            <tbody>
              {lot.stock.map((s) => (
                <tr key={s.warehouse.id}>
                  <td>{s.warehouse.name}</td>
                  <td className="num">{s.onHand}</td>
                  <td className="num">{s.reserved}</td>
                  <td className="num">{s.available}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </Section>

      <Section title="Inspections and release">
        {lot.inspections.length === 0 ? (
          <Empty>No inspection recorded.</Empty>
        ) : (
          <table className="data">
            <thead>
              <tr>
                <th scope="col">When</th>
                <th scope="col">Kind</th>
                <th scope="col">Result</th>
                <th scope="col">Sample / defects</th>
                <th scope="col">Inspector</th>
                <th scope="col">Notes</th>
              </tr>
            </thead>
            <tbody>
              {lot.inspections.map((i) => (
                <tr key={i.id}>
                  <td>{formatDateTime(i.inspectedAt)}</td>
                  <td>{humanize(i.kind)}</td>
                  <td>
                    <StatusChip status={i.result} />
                  </td>
                  <td>
                    {i.sampleSize} / {i.defectsFound}
                  </td>
                  <td>{i.inspector.displayName}</td>
                  <td>{i.notes ?? "–"}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        {lot.release && (
          <p>
            Released by {lot.release.signature.signer.displayName} on {formatDateTime(lot.release.signature.signedAt)} —
            signed “{lot.release.signature.meaning}”.{" "}
            {lot.release.certificate && (
              <DownloadButton
                url={lot.release.certificate.downloadUrl}
                fileName={lot.release.certificate.fileName}
                label="Release certificate"
              />
            )}
          </p>
        )}
      </Section>

      {lot.serials.totalCount > 0 && (
        <Section title={`Serial numbers (${lot.serials.totalCount})`}>
          <table className="data">
            <thead>
              <tr>
                <th scope="col">Serial</th>
                <th scope="col">Status</th>
                <th scope="col">Where</th>
                <th scope="col">UDI</th>
              </tr>
            </thead>
            <tbody>
              {lot.serials.edges.map(({ node }) => (
                <tr key={node.id}>
                  <td>{node.serialNumber}</td>
                  <td>{humanize(node.status)}</td>
                  <td>{node.shipment?.number ?? node.warehouse?.code ?? "–"}</td>
                  <td>
                    <code>{node.udi}</code>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </Section>
      )}

      <DocumentsSection nodeId={lot.id} documents={lot.documents} onChanged={reload} defaultKind="CERTIFICATE_OF_CONFORMITY" />
    </article>
  );
}
