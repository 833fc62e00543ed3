import { useState } from "react";
import { useTranslation } from "react-i18next";
import { useQuery } from "urql";
import { useAction } from "../../api/useAction";
import { FormErrors, SelectField, TextField } from "../../components/Field";
import { Section } from "../../components/Section";
import { graphql } from "../../graphql";
import { enumLabel } from "../../i18n/enumLabel";
import { formatDate } from "../../lib/format";

const DelegationsQuery = graphql(`
  query ApprovalDelegations {
    approvalDelegations {
      id
      roles
      validFrom
      validUntil
      endedAt
      active
      delegator { id displayName }
      delegate { id displayName }
    }
    approvalDelegateCandidates { id displayName username }
  }
`);

const DelegateMutation = graphql(`
  mutation DelegateApprovals($input: DelegateApprovalsInput!) {
    delegateApprovals(input: $input) {
      delegation { id active }
      userErrors { field message code }
    }
  }
`);

const EndDelegationMutation = graphql(`
  mutation EndApprovalDelegation($id: ID!) {
    endApprovalDelegation(delegationId: $id) {
      delegation { id active }
      userErrors { field message code }
    }
  }
`);

const today = () => new Date().toISOString().slice(0, 10);

/** Delegating one's approvals for a period, and ending a delegation. */
export function Delegations() {
  const { t } = useTranslation(["orders", "common"]);
  const [{ data }, refetch] = useQuery({ query: DelegationsQuery });
  const reload = () => refetch({ requestPolicy: "network-only" });
  const delegate = useAction(DelegateMutation);
  const end = useAction(EndDelegationMutation);
  const [open, setOpen] = useState(false);
  const [to, setTo] = useState("");
  const [from, setFrom] = useState(today());
  const [until, setUntil] = useState(today());
  if (!data) return null;
  const messages = [delegate, end].flatMap((a) => [...a.userErrors.map((e) => e.message), ...(a.failure ? [a.failure] : [])]);
  return (
    <Section
      title={t("delegations.title")}
      actions={
        !open && (
          <button type="button" onClick={() => setOpen(true)}>
            {t("delegations.delegate")}
          </button>
        )
      }
    >
      {open && (
        <form
          className="inline-form"
          aria-label={t("delegations.delegate")}
          onSubmit={async (e) => {
            e.preventDefault();
            if (await delegate.run({ input: { delegateId: to, validFrom: from, validUntil: until, idempotencyKey: crypto.randomUUID() } })) {
              setOpen(false);
              reload();
            }
          }}
        >
          <SelectField label={t("delegations.delegateTo")} value={to} onChange={(e) => setTo(e.target.value)}>
            <option value="">{t("delegations.chooseColleague")}</option>
            {data.approvalDelegateCandidates.map((u) => (
              <option key={u.id} value={u.id}>
                {u.displayName} ({u.username})
              </option>
            ))}
          </SelectField>
          <TextField label={t("delegations.from")} type="date" value={from} onChange={(e) => setFrom(e.target.value)} />
          <TextField label={t("delegations.until")} type="date" value={until} onChange={(e) => setUntil(e.target.value)} />
          <div className="actions">
            <button type="button" onClick={() => setOpen(false)}>
              {t("common:action.close")}
            </button>
            <button type="submit" className="primary" disabled={!to || delegate.busy}>
              {t("delegations.delegate")}
            </button>
          </div>
        </form>
      )}
      {data.approvalDelegations.length > 0 && (
        <table className="data">
          <thead>
            <tr>
              <th scope="col">{t("delegations.columns.from")}</th>
              <th scope="col">{t("delegations.columns.to")}</th>
              <th scope="col">{t("delegations.columns.roles")}</th>
              <th scope="col">{t("delegations.columns.period")}</th>
              <th scope="col">{t("delegations.columns.state")}</th>
              <th scope="col" />
            </tr>
          </thead>
          <tbody>
            {data.approvalDelegations.map((d) => (
              <tr key={d.id}>
                <td>{d.delegator.displayName}</td>
                <td>{d.delegate.displayName}</td>
                <td>{d.roles.map(enumLabel).join(", ")}</td>
                <td>
                  {formatDate(d.validFrom)} – {formatDate(d.validUntil)}
                </td>
                <td>{d.active ? t("delegations.active") : d.endedAt ? t("delegations.ended") : t("delegations.notActive")}</td>
                <td>
                  {d.active && (
                    <button type="button" onClick={async () => (await end.run({ id: d.id })) && reload()}>
                      {t("delegations.end")}
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <FormErrors messages={messages} />
    </Section>
  );
}
