import { useState } from "react";
import { useTranslation } from "react-i18next";
import { useQuery } from "urql";
import { useAction } from "../../api/useAction";
import { FormErrors, SelectField, TextField } from "../../components/Field";
import { Section } from "../../components/Section";
import { ErrorState, Loading } from "../../components/States";
import { StatusChip } from "../../components/StatusChip";
import { graphql } from "../../graphql";
import { formatDate } from "../../lib/format";

const LicencesQuery = graphql(`
  query CustomerLicences($days: Int) {
    customerLicences(first: 100, expiringWithinDays: $days) {
      totalCount
      edges {
        node {
          id
          number
          issuer
          deviceClasses
          validFrom
          validUntil
          status
          daysToExpiry
          revokedReason
          customer { id code name }
        }
      }
    }
    customers(first: 100) { edges { node { id code name } } }
  }
`);

const AddLicenceMutation = graphql(`
  mutation AddCustomerLicence($input: AddCustomerLicenceInput!) {
    addCustomerLicence(input: $input) {
      licence { id }
      userErrors { field message code }
    }
  }
`);

const RevokeLicenceMutation = graphql(`
  mutation RevokeCustomerLicence($input: RevokeCustomerLicenceInput!) {
    revokeCustomerLicence(input: $input) {
      licence { id status }
      userErrors { field message code }
    }
  }
`);

const CLASSES = ["I", "IIA", "IIB", "III"] as const;

/** Customer licences: who may be sold which device classes, and which run out soon. */
export default function Licences() {
  const { t } = useTranslation(["orders", "common"]);
  const [expiring, setExpiring] = useState(false);
  const [{ data, error }, refetch] = useQuery({ query: LicencesQuery, variables: { days: expiring ? 30 : null } });
  const reload = () => refetch({ requestPolicy: "network-only" });
  const add = useAction(AddLicenceMutation);
  const revoke = useAction(RevokeLicenceMutation);
  const [adding, setAdding] = useState(false);
  const [revoking, setRevoking] = useState<string | null>(null);
  const [reason, setReason] = useState("");
  const [form, setForm] = useState({ customerId: "", number: "", issuer: "", classes: [] as string[], from: "", until: "" });
  if (error && !data) return <ErrorState error={error} retry={reload} />;
  if (!data) return <Loading label={t("licences.loading")} />;
  const messages = [add, revoke].flatMap((a) => [...a.userErrors.map((e) => e.message), ...(a.failure ? [a.failure] : [])]);
  return (
    <section aria-labelledby="licences-title">
      <h1 id="licences-title">{t("licences.title")}</h1>
      <div className="actions">
        <label>
          <input type="checkbox" checked={expiring} onChange={(e) => setExpiring(e.target.checked)} />{" "}
          {t("licences.expiring")}
        </label>
        {!adding && (
          <button type="button" onClick={() => setAdding(true)}>
            {t("licences.add")}
          </button>
        )}
      </div>
      {adding && (
        <Section title={t("licences.add")}>
          <form
            className="inline-form"
            aria-label={t("licences.add")}
            onSubmit={async (e) => {
              e.preventDefault();
              const made = await add.run({
                input: {
                  customerId: form.customerId,
                  number: form.number,
                  issuer: form.issuer,
                  deviceClasses: form.classes as never,
                  validFrom: form.from,
                  validUntil: form.until,
                  idempotencyKey: crypto.randomUUID(),
                },
              });
              if (made) {
                setAdding(false);
                reload();
              }
            }}
          >
            <SelectField label={t("licences.customer")} value={form.customerId} onChange={(e) => setForm({ ...form, customerId: e.target.value })}>
              <option value="">{t("licences.chooseCustomer")}</option>
              {data.customers.edges.map(({ node }) => (
                <option key={node.id} value={node.id}>
                  {node.code} — {node.name}
                </option>
              ))}
            </SelectField>
            <TextField label={t("licences.number")} value={form.number} onChange={(e) => setForm({ ...form, number: e.target.value })} />
            <TextField label={t("licences.issuer")} value={form.issuer} onChange={(e) => setForm({ ...form, issuer: e.target.value })} />
            <fieldset>
              <legend>{t("licences.deviceClasses")}</legend>
              {CLASSES.map((c) => (
                <label key={c}>
                  <input
                    type="checkbox"
                    checked={form.classes.includes(c)}
                    onChange={(e) =>
                      setForm({ ...form, classes: e.target.checked ? [...form.classes, c] : form.classes.filter((x) => x !== c) })
                    }
                  />{" "}
                  {c}
                </label>
              ))}
            </fieldset>
            <TextField label={t("licences.validFrom")} type="date" value={form.from} onChange={(e) => setForm({ ...form, from: e.target.value })} />
            <TextField label={t("licences.validUntil")} type="date" value={form.until} onChange={(e) => setForm({ ...form, until: e.target.value })} />
            <div className="actions">
              <button type="button" onClick={() => setAdding(false)}>
                {t("common:action.close")}
              </button>
              <button type="submit" className="primary" disabled={add.busy}>
                {t("licences.add")}
              </button>
            </div>
          </form>
        </Section>
      )}
      <Section title={t("licences.count", { total: data.customerLicences.totalCount })}>
        <table className="data">
          <thead>
            <tr>
              <th scope="col">{t("licences.columns.customer")}</th>
              <th scope="col">{t("licences.columns.number")}</th>
              <th scope="col">{t("licences.columns.classes")}</th>
              <th scope="col">{t("licences.columns.valid")}</th>
              <th scope="col">{t("licences.columns.status")}</th>
              <th scope="col" />
            </tr>
          </thead>
          <tbody>
            {data.customerLicences.edges.map(({ node: l }) => (
              <tr key={l.id}>
                <td>{l.customer.code}</td>
                <td>
                  {l.number} <span className="muted">{l.issuer}</span>
                </td>
                <td>{l.deviceClasses.join(", ")}</td>
                <td>
                  {formatDate(l.validFrom)} – {formatDate(l.validUntil)}
                  {l.status === "VALID" && <span className="muted"> {t("licences.daysLeft", { days: l.daysToExpiry })}</span>}
                </td>
                <td>
                  <StatusChip status={l.status} />
                  {l.revokedReason && <div className="muted">{l.revokedReason}</div>}
                </td>
                <td>
                  {l.status !== "REVOKED" && revoking !== l.id && (
                    <button type="button" onClick={() => setRevoking(l.id)}>
                      {t("licences.revokeOpen")}
                    </button>
                  )}
                  {revoking === l.id && (
                    <form
                      className="inline-form"
                      onSubmit={async (e) => {
                        e.preventDefault();
                        if (await revoke.run({ input: { licenceId: l.id, reason } })) {
                          setRevoking(null);
                          setReason("");
                          reload();
                        }
                      }}
                    >
                      <TextField label={t("licences.revokeReason")} value={reason} onChange={(e) => setReason(e.target.value)} />
                      <button type="submit" className="danger" disabled={!reason.trim()}>
                        {t("licences.revoke")}
                      </button>
                    </form>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </Section>
      <FormErrors messages={messages} />
    </section>
  );
}
