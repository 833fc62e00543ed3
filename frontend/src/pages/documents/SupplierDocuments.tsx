import { useTranslation } from "react-i18next";
import { Link, useParams } from "react-router";
import { useQuery } from "urql";
import { Empty, ErrorState, Loading } from "../../components/States";
import { graphql } from "../../graphql";
import { CustomFieldsPanel } from "../../components/CustomFields";
import { DocumentsSection } from "./DocumentsSection";
import { DocumentFields } from "../../api/fragments";

const SupplierDocumentsQuery = graphql(`
  query SupplierDocuments($id: ID!) {
    node(id: $id) {
      ... on Supplier {
        id
        code
        name
        documents {
          ...DocumentFields
        }
      }
    }
  }
`, [DocumentFields]);

/** A supplier's certificates and other papers, with Attach document…. */
export default function SupplierDocuments() {
  const { t } = useTranslation(["documents", "common"]);
  const { id = "" } = useParams();
  const [{ data, error }, refetch] = useQuery({ query: SupplierDocumentsQuery, variables: { id } });
  const reload = () => refetch({ requestPolicy: "network-only" });
  if (error && !data) return <ErrorState error={error} retry={reload} />;
  if (!data) return <Loading label={t("supplier.loading")} />;
  const supplier = data.node && "code" in data.node ? data.node : null;
  if (!supplier)
    return (
      <section>
        <h1>{t("common:field.supplier")}</h1>
        <Empty>{t("supplier.notFound")}</Empty>
        <Link to="/suppliers">{t("supplier.back")}</Link>
      </section>
    );
  return (
    <article aria-labelledby="supplier-title">
      <h1 id="supplier-title">
        {t("supplier.title", { code: supplier.code })} <span className="muted">{supplier.name}</span>
      </h1>
      <p>
        <Link to="/suppliers">{t("supplier.back")}</Link>
      </p>
      <CustomFieldsPanel nodeId={supplier.id} editPermission="masterdata.edit" />
      <DocumentsSection nodeId={supplier.id} documents={supplier.documents} onChanged={reload} defaultKind="SUPPLIER_CERTIFICATE" />
    </article>
  );
}
