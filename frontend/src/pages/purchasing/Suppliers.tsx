import { useState } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { useQuery } from "urql";
import { useAction } from "../../api/useAction";
import { useAuth } from "../../auth/AuthProvider";
import { SelectField, TextField } from "../../components/Field";
import { Section } from "../../components/Section";
import { SignatureDialog } from "../../components/SignatureDialog";
import { ErrorState, Loading } from "../../components/States";
import { StatusChip } from "../../components/StatusChip";
import { enumLabel } from "../../i18n/enumLabel";
import { formatDate, formatMoney } from "../../lib/format";
import { SetQualificationMutation, SuppliersQuery } from "./supplierQueries";

const STATUSES = ["QUALIFIED", "CONDITIONAL", "DISQUALIFIED", "PENDING"] as const;
type Status = (typeof STATUSES)[number];
type Draft = { supplierId: string; code: string; status: Status; validUntil: string; note: string; productIds: string[] };

/** The approved supplier list: who may supply which products, until when; QA qualifies, signed. */
export default function Suppliers() {
  const { t } = useTranslation(["purchasing", "common"]);
  const [{ data, error }, refetch] = useQuery({ query: SuppliersQuery });
  const reload = () => refetch({ requestPolicy: "network-only" });
  const { session, hasRole } = useAuth();
  const qualify = useAction(SetQualificationMutation);
  const [draft, setDraft] = useState<Draft | null>(null);
  if (error && !data) return <ErrorState error={error} retry={reload} />;
  if (!data) return <Loading label={t("loadingSuppliers")} />;
  const suppliers = data.suppliers.edges.map((e) => e.node);
  const products = data.products.edges.map((e) => e.node);
  const close = () => {
    setDraft(null);
    qualify.reset();
  };
  return (
    <section aria-labelledby="suppliers-title">
      <h1 id="suppliers-title">{t("suppliers.title")}</h1>
      <Section title={t("suppliers.list")}>
        <table className="data">
          <thead>
            <tr>
              <th scope="col">{t("common:field.supplier")}</th>
              <th scope="col">{t("suppliers.qualification")}</th>
              <th scope="col">{t("field.validUntil")}</th>
              <th scope="col">{t("suppliers.approvedProducts")}</th>
              <th scope="col">{t("suppliers.prices")}</th>
              <th scope="col">{t("suppliers.approved")}</th>
              {hasRole("QA_MANAGER") && <th scope="col">{t("common:field.actions")}</th>}
            </tr>
          </thead>
          <tbody>
            {suppliers.map((s) => (
              <tr key={s.id}>
                <td>
                  <Link to={`/suppliers/${encodeURIComponent(s.id)}`}>
                    <strong>{s.code}</strong>
                  </Link>{" "}
                  {s.name}
                </td>
                <td>
                  <StatusChip status={s.qualificationStatus} />
                  {s.qualificationNote && <div className="muted">{s.qualificationNote}</div>}
                </td>
                <td>{s.qualifiedUntil ? formatDate(s.qualifiedUntil) : "—"}</td>
                <td>{s.approvedProducts.map((p) => p.sku).join(", ") || "—"}</td>
                <td>
                  {s.prices.map((p) => (
                    <div key={p.id}>
                      {t("suppliers.price", { sku: p.product.sku, price: formatMoney(p.unitPrice, p.currency), count: p.leadTimeDays })}
                    </div>
                  ))}
                </td>
                <td>{t(s.approved ? "common:state.yes" : "common:state.no")}</td>
                {hasRole("QA_MANAGER") && (
                  <td>
                    <button
                      type="button"
                      onClick={() =>
                        setDraft({
                          supplierId: s.id,
                          code: s.code,
                          status: (s.qualificationStatus === "PENDING" ? "QUALIFIED" : s.qualificationStatus) as Status,
                          validUntil: s.qualifiedUntil ?? "",
                          note: s.qualificationNote ?? "",
                          productIds: s.approvedProducts.map((p) => p.id),
                        })
                      }
                    >
                      {t("suppliers.qualify", { code: s.code })}
                    </button>
                  </td>
                )}
              </tr>
            ))}
          </tbody>
        </table>
      </Section>
      {draft && (
        <SignatureDialog
          title={t("suppliers.qualificationOf", { code: draft.code })}
          signer={session?.username ?? ""}
          meanings={[t("suppliers.meaning")]}
          busy={qualify.busy}
          errors={qualify.userErrors}
          failure={qualify.failure}
          onCancel={close}
          onSign={async (signature) => {
            const done = await qualify.run({
              input: {
                supplierId: draft.supplierId,
                status: draft.status,
                validUntil: draft.validUntil || null,
                note: draft.note || null,
                productIds: draft.productIds,
                signature,
              },
            });
            if (done) {
              close();
              reload();
            }
          }}
        >
          <SelectField label={t("common:field.status")} value={draft.status} onChange={(e) => setDraft({ ...draft, status: e.target.value as Status })}>
            {STATUSES.map((s) => (
              <option key={s} value={s}>
                {enumLabel(s)}
              </option>
            ))}
          </SelectField>
          <TextField label={t("field.validUntil")} type="date" value={draft.validUntil} onChange={(e) => setDraft({ ...draft, validUntil: e.target.value })} />
          <TextField label={t("suppliers.note")} value={draft.note} onChange={(e) => setDraft({ ...draft, note: e.target.value })} />
          <fieldset>
            <legend>{t("suppliers.products")}</legend>
            {products.map((p) => (
              <label key={p.id}>
                <input
                  type="checkbox"
                  checked={draft.productIds.includes(p.id)}
                  onChange={(e) =>
                    setDraft({
                      ...draft,
                      productIds: e.target.checked ? [...draft.productIds, p.id] : draft.productIds.filter((x) => x !== p.id),
                    })
                  }
                />{" "}
                {p.sku}
              </label>
            ))}
          </fieldset>
        </SignatureDialog>
      )}
    </section>
  );
}
