import { useState } from "react";
import { Trans, useTranslation } from "react-i18next";
import { useQuery } from "urql";
import { useAction } from "../../api/useAction";
import { DownloadButton } from "../../components/Download";
import { FormErrors, TextField } from "../../components/Field";
import { Section } from "../../components/Section";
import { ErrorState, Loading } from "../../components/States";
import { enumLabel } from "../../i18n/enumLabel";
import { formatDate, formatMoney, isoDate } from "../../lib/format";
import { RefundMutation, StatementQuery } from "./financeQueries";

export function monthToDate(today = new Date()): { from: string; to: string } {
  return { from: isoDate(new Date(today.getFullYear(), today.getMonth(), 1)), to: isoDate(today) };
}

/** A customer's statement (default: month to date); staff may refund its credit from here. */
export function Statement({ customerId, refunds = false }: { customerId?: string; refunds?: boolean }) {
  const { t } = useTranslation(["finance", "common"]);
  const [period, setPeriod] = useState(monthToDate);
  const [{ data, error }, refetch] = useQuery({
    query: StatementQuery,
    variables: { customerId: customerId ?? null, from: period.from, to: period.to },
  });
  const statement = data?.customerStatement;
  return (
    <Section title={statement ? t("statement.titleFor", { code: statement.customer.code }) : t("statement.title")}>
      <div className="filters">
        <TextField label={t("field.from")} type="date" value={period.from} onChange={(e) => setPeriod({ ...period, from: e.target.value })} />
        <TextField label={t("field.to")} type="date" value={period.to} onChange={(e) => setPeriod({ ...period, to: e.target.value })} />
      </div>
      {error && !data ? (
        <ErrorState error={error} retry={() => refetch({ requestPolicy: "network-only" })} />
      ) : !statement ? (
        <Loading label={t("statement.loading")} />
      ) : (
        <>
          <p>
            <Trans
              t={t}
              i18nKey="statement.opening"
              values={{ amount: formatMoney(statement.openingBalance) }}
              components={{ strong: <strong data-testid="opening-balance" /> }}
            />
          </p>
          <table className="data">
            <thead>
              <tr>
                <th scope="col">{t("common:field.date")}</th>
                <th scope="col">{t("statement.document")}</th>
                <th scope="col">{t("field.reference")}</th>
                <th scope="col">{t("field.due")}</th>
                <th scope="col" className="num">
                  {t("statement.debit")}
                </th>
                <th scope="col" className="num">
                  {t("statement.credit")}
                </th>
                <th scope="col" className="num">
                  {t("field.balance")}
                </th>
              </tr>
            </thead>
            <tbody>
              {statement.lines.map((l, n) => (
                <tr key={`${l.reference}-${l.kind}-${n}`}>
                  <td>{formatDate(l.date)}</td>
                  <td>{enumLabel(l.kind)}</td>
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
            <Trans
              t={t}
              i18nKey="statement.closing"
              values={{ closing: formatMoney(statement.closingBalance), overdue: formatMoney(statement.overdueAmount) }}
              components={{ strong: <strong data-testid="closing-balance" /> }}
            />
          </p>
          <DownloadButton
            url={statement.pdfUrl}
            fileName={`statement-${statement.customer.code}-${statement.from}-${statement.to}.pdf`}
            label={t("field.downloadPdf")}
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
  const { t } = useTranslation("finance");
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
      <p>{t("statement.creditBalance", { amount: formatMoney(credit) })}</p>
      <TextField label={t("statement.refundAmount")} value={amount} onChange={(e) => setAmount(e.target.value)} />
      <TextField label={t("statement.refundReference")} required value={reference} onChange={(e) => setReference(e.target.value)} />
      <FormErrors messages={[...refund.userErrors.map((x) => x.message), ...(refund.failure ? [refund.failure] : [])]} />
      <button type="submit" disabled={refund.busy}>
        {t("statement.refund")}
      </button>
    </form>
  );
}
