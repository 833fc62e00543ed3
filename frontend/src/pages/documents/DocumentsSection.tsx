import { useState } from "react";
import { useTranslation } from "react-i18next";
import { useAuth } from "../../auth/AuthProvider";
import { DownloadButton } from "../../components/Download";
import { Section } from "../../components/Section";
import { Empty } from "../../components/States";
import { enumLabel } from "../../i18n/enumLabel";
import { formatDateTime } from "../../lib/format";
import { AttachDocumentDialog } from "./AttachDocumentDialog";

export type DocumentRow = {
  id: string;
  kind: string;
  title: string;
  fileName: string;
  version: number;
  sha256: string;
  uploadedAt: string;
  downloadUrl: string;
};

/**
 * A node's documents, every version with its sha256, and (for staff) Attach document….
 * Partners see what the server lets them see (their certificates) and attach nothing.
 */
export function DocumentsSection({
  nodeId,
  documents,
  onChanged,
  title,
  defaultKind,
}: {
  nodeId: string;
  documents: readonly DocumentRow[];
  onChanged: () => void;
  title?: string;
  defaultKind?: string;
}) {
  const { t } = useTranslation("documents");
  const { viewer } = useAuth();
  const [attaching, setAttaching] = useState(false);
  const staff = viewer ? !viewer.isPartner : false;
  return (
    <Section
      title={title ?? t("section.title")}
      actions={
        staff && (
          <button type="button" onClick={() => setAttaching(true)}>
            {t("section.attach")}
          </button>
        )
      }
    >
      {documents.length === 0 ? (
        <Empty>{t("section.empty")}</Empty>
      ) : (
        <div className="table-wrap">
          <table className="data" data-testid="documents-table">
            <thead>
              <tr>
                <th scope="col">{t("section.docTitle")}</th>
                <th scope="col">{t("section.kind")}</th>
                <th scope="col" className="num">
                  {t("section.version")}
                </th>
                <th scope="col">{t("section.uploaded")}</th>
                <th scope="col">{t("section.sha256")}</th>
                <th scope="col">{t("section.file")}</th>
              </tr>
            </thead>
            <tbody>
              {documents.map((d) => (
                <tr key={d.id}>
                  <td>{d.title}</td>
                  <td>{enumLabel(d.kind)}</td>
                  <td className="num">{d.version}</td>
                  <td>{formatDateTime(d.uploadedAt)}</td>
                  <td>
                    <code className="hash" title={d.sha256}>
                      {d.sha256}
                    </code>
                  </td>
                  <td>
                    <DownloadButton url={d.downloadUrl} fileName={d.fileName} label={t("section.download", { title: d.title, version: d.version })} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {attaching && (
        <AttachDocumentDialog
          nodeId={nodeId}
          defaultKind={defaultKind}
          onClose={() => setAttaching(false)}
          onAttached={() => {
            setAttaching(false);
            onChanged();
          }}
        />
      )}
    </Section>
  );
}
