import { lazy, Suspense } from "react";
import { useTranslation } from "react-i18next";
import { Link, useParams } from "react-router";
import { useQuery } from "urql";
import { DownloadButton } from "../../components/Download";
import { Section } from "../../components/Section";
import { LotMoves } from "../transfers/LotMoves";
import { Empty, ErrorState, Loading } from "../../components/States";
import { StatusChip } from "../../components/StatusChip";
import { enumLabel } from "../../i18n/enumLabel";
import { formatDate, formatDateTime } from "../../lib/format";
import { LotQuality } from "../qa/LotQuality";
import { PrintLotLabels } from "../standards/PrintLabels";
import { CustomFieldsPanel } from "../../components/CustomFields";
import { DocumentsSection } from "../documents/DocumentsSection";
import { LotActions } from "./LotActions";
import { LotQuery } from "./lotQueries";

const TraceGraph = lazy(() => import("./TraceGraph").then((m) => ({ default: m.TraceGraph })));

export default function LotPage() {
  const { t } = useTranslation(["lots", "common"]);
  const { id = "" } = useParams();
  const [{ data, error }, refetch] = useQuery({ query: LotQuery, variables: { id } });
  const reload = () => refetch({ requestPolicy: "network-only" });

  if (error && !data?.node) return <ErrorState error={error} retry={reload} />;
  if (!data) return <Loading label={t("lot.loading")} />;
  const lot = data.node && "lotNumber" in data.node ? data.node : null;
  if (!lot)
    return (
      <section>
        <h1>{t("common:field.lot")}</h1>
        <Empty>{t("lot.notFound")}</Empty>
        <Link to="/lots">{t("lot.findLot")}</Link>
      </section>
    );

  return (
    <article aria-labelledby="lot-title" data-testid="lot-page">
      <div className="page-head">
        <h1 id="lot-title">
          {t("lot.title", { lot: lot.lotNumber })} <StatusChip status={lot.status} />
        </h1>
        <PrintLotLabels lotId={lot.id} onPrinted={reload} />
        <Link className="button" to={`/recalls/new?lot=${encodeURIComponent(lot.id)}`}>
          {t("lot.recall")}
        </Link>
      </div>
      <dl className="facts">
        <div>
          <dt>{t("common:field.product")}</dt>
          <dd>
            <span className="sku">{lot.product.sku}</span> {lot.product.name}
          </dd>
        </div>
        <div>
          <dt>{t("lot.gtin")}</dt>
          <dd>{lot.product.gtin}</dd>
        </div>
        <div>
          <dt>{t("lot.classTracking")}</dt>
          <dd>
            {lot.product.deviceClass} · {enumLabel(lot.product.trackingMode)}
          </dd>
        </div>
        <div>
          <dt>{t("lot.manufactured")}</dt>
          <dd>{formatDate(lot.manufacturedOn)}</dd>
        </div>
        <div>
          <dt>{t("common:field.expiresOn")}</dt>
          <dd>{formatDate(lot.expiresOn)}</dd>
        </div>
        <div>
          <dt>{t("common:field.supplier")}</dt>
          <dd>{lot.supplier
                ? t("lot.supplierName", { name: lot.supplier.name, code: lot.supplier.code })
                : t("lot.madeInHouse")}</dd>
        </div>
        {/* production: the work order that made it, and QA's review of its batch record */}
        {lot.workOrder && (
          <div>
            <dt>{t("lot.workOrder")}</dt>
            <dd>
              <Link to={`/work-orders/${lot.workOrder.number}`}>{lot.workOrder.number}</Link>
              {lot.workOrder.batchRecord && (
                <>
                  {" "}
                  · <Link to={`/batch-records/${lot.workOrder.number}`}>{t("lot.batchRecord")}</Link>{" "}
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

      <Section title={t("lot.trace")}>
        <Suspense fallback={<Loading label={t("lot.drawingTrace")} />}>
          <TraceGraph lot={lot} />
        </Suspense>
      </Section>

      {/* daily work: transfers and every other move of the lot */}
      <LotMoves lotId={lot.id} />

      <Section title={t("lot.stock")}>
        {lot.stock.length === 0 ? (
          <Empty>{t("lot.noStock")}</Empty>
        ) : (
          <table className="data">
            <thead>
              <tr>
                <th scope="col">{t("common:field.warehouse")}</th>
                <th scope="col" className="num">
                  {t("lot.onHand")}
                </th>
                <th scope="col" className="num">
                  {t("lot.reserved")}
                </th>
                <th scope="col" className="num">
                  {t("lot.available")}
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

      <Section title={t("lot.inspectionsAndRelease")}>
        {lot.inspections.length === 0 ? (
          <Empty>{t("lot.noInspection")}</Empty>
        ) : (
          <table className="data">
            <thead>
              <tr>
                <th scope="col">{t("lot.when")}</th>
                <th scope="col">{t("actions.kind")}</th>
                <th scope="col">{t("actions.result")}</th>
                <th scope="col">{t("lot.sampleDefects")}</th>
                <th scope="col">{t("lot.inspector")}</th>
                <th scope="col">{t("common:field.notes")}</th>
              </tr>
            </thead>
            <tbody>
              {lot.inspections.map((i) => (
                <tr key={i.id}>
                  <td>{formatDateTime(i.inspectedAt)}</td>
                  <td>{enumLabel(i.kind)}</td>
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
            {t("lot.releasedBy", {
              signer: lot.release.signature.signer.displayName,
              when: formatDateTime(lot.release.signature.signedAt),
              meaning: lot.release.signature.meaning,
            })}{" "}
            {lot.release.certificate && (
              <DownloadButton
                url={lot.release.certificate.downloadUrl}
                fileName={lot.release.certificate.fileName}
                label={t("lot.releaseCertificate")}
              />
            )}
          </p>
        )}
      </Section>

      {lot.serials.totalCount > 0 && (
        <Section title={t("lot.serialNumbers", { count: lot.serials.totalCount })}>
          <table className="data">
            <thead>
              <tr>
                <th scope="col">{t("common:field.serial")}</th>
                <th scope="col">{t("common:field.status")}</th>
                <th scope="col">{t("lot.where")}</th>
                <th scope="col">{t("lot.udi")}</th>
              </tr>
            </thead>
            <tbody>
              {lot.serials.edges.map(({ node }) => (
                <tr key={node.id}>
                  <td>{node.serialNumber}</td>
                  <td>{enumLabel(node.status)}</td>
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
