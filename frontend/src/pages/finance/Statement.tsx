import { useState } from "react";
import { useQuery } from "urql";
import { useAction } from "../../api/useAction";
import { DownloadButton } from "../../components/Download";
import { FormErrors, TextField } from "../../components/Field";
import { Section } from "../../components/Section";
import { ErrorState, Loading } from "../../components/States";
import { formatDate, formatMoney, humanize, isoDate } from "../../lib/format";
import { RefundMutation, StatementQuery } from "./financeQueries";

export function monthToDate(today = new Date()): { from: string; to: string } {
  return { from: isoDate(new Date(today.getFullYear(), today.getMonth(), 1)), to: isoDate(today) };
}

/** A customer's statement (default: month to date); staff may refund its credit from here. */
export function Statement({ customerId, refunds = false }: { customerId?: string; refunds?: boolean }) {
  const [period, setPeriod] = useState(monthToDate);
  const [{ data, error }, refetch] = useQuery({
    query: StatementQuery,
    variables: { customerId: customerId ?? null, from: period.from, to: period.to },
  });
  const statement = data?.customerStatement;
  return (
    <Section title={statement ? `Statement ${statement.customer.code}` : "Statement"}>
      <div className="filters">
        <TextField label="From" type="date" value={period.from} onChange={(e) => setPeriod({ ...period, from: e.target.value })} />
        <TextField label="To" type="date" value={period.to} onChange={(e) => setPeriod({ ...period, to: e.target.value })} />
      </div>
      {error && !data ? (
        <ErrorState error={error} retry={() => refetch({ requestPolicy: "network-only" })} />
      ) : !statement ? (
        <Loading label="Loading the statement…" />
      ) : (
        <>
          <p>
            Opening balance: <strong data-testid="opening-balance">{formatMoney(statement.openingBalance)}</strong>
          </p>
          <table className="data">
            <thead>
              <tr>
                <th scope="col">Date</th>
                <th scope="col">Document</th>
                <th scope="col">Reference</th>
                <th scope="col">Due</th>
                <th scope="col" className="num">
                  Debit
                </th>
                <th scope="col" className="num">
                  Credit
                </th>
                <th scope="col" className="num">
                  Balance
                </th>
              </tr>
            </thead>
            <tbody>
              {statement.lines.map((l, n) => (
                <tr key={`${l.reference}-${l.kind}-${n}`}>
                  <td>{formatDate(l.date)}</td>
                  <td>{humanize(l.kind)}</td>
                  <td>{l.reference}</td>
                  <td>{l.dueOn ? formatDate(l.dueOn) : ""}</td>
                  <td className="num">{l.debit !== "0.00" ? formatMoney(l.debit) : ""}</td>
                  <td className="num">{l.credit !== "0.00" ? formatMoney(l.credit) : ""}</td>
                  <td className="num">{formatMoney(l.balance)}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <p>
            Closing balance: <strong data-testid="closing-balance">{formatMoney(statement.closingBalance)}</strong>
            {" · "}Overdue: {formatMoney(statement.overdueAmount)}
          </p>
          <DownloadButton
            url={statement.pdfUrl}
            fileName={`statement-${statement.customer.code}-${statement.from}-${statement.to}.pdf`}
            label="Download PDF"
          />
          {refunds && Number(statement.customer.creditBalance) > 0 && (
            <Refund customerId={statement.customer.id} credit={statement.customer.creditBalance} onDone={() => refetch({ requestPolicy: "network-only" })} />
          )}
        </>
      )}
    </Section>
  );
}

function Refund({ customerId, credit, onDone }: { customerId: string; credit: string; onDone: () => void }) {
  const refund = useAction(RefundMutation);
  const [amount, setAmount] = useState(credit);
  const [reference, setReference] = useState("");
  return (
    <form
      className="inline-form"
      onSubmit={async (e) => {
        e.preventDefault();
        if (await refund.run({ input: { customerId, amount, reference, paidOn: isoDate(), idempotencyKey: crypto.randomUUID() } })) onDone();
      }}
    >
      <p>Credit balance: {formatMoney(credit)}</p>
      <TextField label="Refund amount" value={amount} onChange={(e) => setAmount(e.target.value)} />
      <TextField label="Refund reference" required value={reference} onChange={(e) => setReference(e.target.value)} />
      <FormErrors messages={[...refund.userErrors.map((x) => x.message), ...(refund.failure ? [refund.failure] : [])]} />
      <button type="submit" disabled={refund.busy}>
        Refund
      </button>
    </form>
  );
}
