import { useState } from "react";
import { Link } from "react-router";
import { useQuery } from "urql";
import { useAction } from "../../api/useAction";
import { useAuth } from "../../auth/AuthProvider";
import { SelectField, TextField } from "../../components/Field";
import { Section } from "../../components/Section";
import { SignatureDialog } from "../../components/SignatureDialog";
import { ErrorState, Loading } from "../../components/States";
import { StatusChip } from "../../components/StatusChip";
import { formatDate, formatMoney } from "../../lib/format";
import { SetQualificationMutation, SuppliersQuery } from "./supplierQueries";

const STATUSES = ["QUALIFIED", "CONDITIONAL", "DISQUALIFIED", "PENDING"] as const;
type Status = (typeof STATUSES)[number];
type Draft = { supplierId: string; code: string; status: Status; validUntil: string; note: string; productIds: string[] };

/** The approved supplier list: who may supply which products, until when; QA qualifies, signed. */
export default function Suppliers() {
  const [{ data, error }, refetch] = useQuery({ query: SuppliersQuery });
  const reload = () => refetch({ requestPolicy: "network-only" });
  const { session, hasRole } = useAuth();
  const qualify = useAction(SetQualificationMutation);
  const [draft, setDraft] = useState<Draft | null>(null);
  if (error && !data) return <ErrorState error={error} retry={reload} />;
  if (!data) return <Loading label="Loading suppliers…" />;
  const suppliers = data.suppliers.edges.map((e) => e.node);
  const products = data.products.edges.map((e) => e.node);
  const close = () => {
    setDraft(null);
    qualify.reset();
  };
  return (
    <section aria-labelledby="suppliers-title">
      <h1 id="suppliers-title">Suppliers</h1>
      <Section title="Approved supplier list">
        <table className="data">
          <thead>
            <tr>
              <th scope="col">Supplier</th>
              <th scope="col">Qualification</th>
              <th scope="col">Valid until</th>
              <th scope="col">Approved products</th>
              <th scope="col">Prices</th>
              <th scope="col">Approved</th>
              {hasRole("QA_MANAGER") && <th scope="col">Actions</th>}
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
                      {p.product.sku}: {formatMoney(p.unitPrice, p.currency)}, {p.leadTimeDays} days
                    </div>
                  ))}
                </td>
                <td>{s.approved ? "Yes" : "No"}</td>
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
                      Qualify {s.code}…
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
          title={`Qualification of ${draft.code}`}
          signer={session?.username ?? ""}
          meanings={["Supplier qualification decided"]}
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
          <SelectField label="Status" value={draft.status} onChange={(e) => setDraft({ ...draft, status: e.target.value as Status })}>
            {STATUSES.map((s) => (
              <option key={s} value={s}>
                {s}
              </option>
            ))}
          </SelectField>
          <TextField label="Valid until" type="date" value={draft.validUntil} onChange={(e) => setDraft({ ...draft, validUntil: e.target.value })} />
          <TextField label="Condition or note" value={draft.note} onChange={(e) => setDraft({ ...draft, note: e.target.value })} />
          <fieldset>
            <legend>Products it may supply</legend>
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
