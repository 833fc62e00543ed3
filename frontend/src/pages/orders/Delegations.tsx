import { useState } from "react";
import { useQuery } from "urql";
import { useAction } from "../../api/useAction";
import { FormErrors, SelectField, TextField } from "../../components/Field";
import { Section } from "../../components/Section";
import { graphql } from "../../graphql";
import { formatDate, humanize } from "../../lib/format";

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
      title="Delegations"
      actions={
        !open && (
          <button type="button" onClick={() => setOpen(true)}>
            Delegate approvals
          </button>
        )
      }
    >
      {open && (
        <form
          className="inline-form"
          aria-label="Delegate approvals"
          onSubmit={async (e) => {
            e.preventDefault();
            if (await delegate.run({ input: { delegateId: to, validFrom: from, validUntil: until, idempotencyKey: crypto.randomUUID() } })) {
              setOpen(false);
              reload();
            }
          }}
        >
          <SelectField label="Delegate to" value={to} onChange={(e) => setTo(e.target.value)}>
            <option value="">Choose a colleague</option>
            {data.approvalDelegateCandidates.map((u) => (
              <option key={u.id} value={u.id}>
                {u.displayName} ({u.username})
              </option>
            ))}
          </SelectField>
          <TextField label="From" type="date" value={from} onChange={(e) => setFrom(e.target.value)} />
          <TextField label="Until" type="date" value={until} onChange={(e) => setUntil(e.target.value)} />
          <div className="actions">
            <button type="button" onClick={() => setOpen(false)}>
              Close
            </button>
            <button type="submit" className="primary" disabled={!to || delegate.busy}>
              Delegate approvals
            </button>
          </div>
        </form>
      )}
      {data.approvalDelegations.length > 0 && (
        <table className="data">
          <thead>
            <tr>
              <th scope="col">From</th>
              <th scope="col">To</th>
              <th scope="col">Roles</th>
              <th scope="col">Period</th>
              <th scope="col">State</th>
              <th scope="col" />
            </tr>
          </thead>
          <tbody>
            {data.approvalDelegations.map((d) => (
              <tr key={d.id}>
                <td>{d.delegator.displayName}</td>
                <td>{d.delegate.displayName}</td>
                <td>{d.roles.map(humanize).join(", ")}</td>
                <td>
                  {formatDate(d.validFrom)} – {formatDate(d.validUntil)}
                </td>
                <td>{d.active ? "Active" : d.endedAt ? "Ended" : "Not active"}</td>
                <td>
                  {d.active && (
                    <button type="button" onClick={async () => (await end.run({ id: d.id })) && reload()}>
                      End delegation
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
