import { CombinedError } from "@urql/core";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { useQuery } from "urql";
import { useAction } from "../../api/useAction";
import { useAuth } from "../../auth/AuthProvider";
import { FormErrors, SelectField, TextField } from "../../components/Field";
import { Section } from "../../components/Section";
import { Empty, ErrorState, Loading } from "../../components/States";
import type { ResultOf } from "../../graphql";
import { enumLabel } from "../../i18n/enumLabel";
import { describeError, userErrorText } from "../../lib/errors";
import { formatDate, formatMoney } from "../../lib/format";
import { Dialog } from "./Dialog";
import { BankLinesQuery, MatchLineMutation, OpenInvoicesQuery, PostLineMutation, UnmatchLineMutation } from "./financeQueries";

type Line = ResultOf<typeof BankLinesQuery>["bankStatementLines"]["edges"][number]["node"];

/** Import a bank statement, see what matched, match the rest by hand or post it. */
export default function BankReconciliation() {
  const { t } = useTranslation(["finance", "common"]);
  const [{ data, error }, refetch] = useQuery({ query: BankLinesQuery });
  const [matching, setMatching] = useState<Line | null>(null);
  const [posting, setPosting] = useState<Line | null>(null);
  const unmatch = useAction(UnmatchLineMutation);
  const reload = () => {
    setMatching(null);
    setPosting(null);
    refetch({ requestPolicy: "network-only" });
  };
  return (
    <section aria-labelledby="bank-title">
      <div className="page-head">
        <h1 id="bank-title">{t("bank.title")}</h1>
      </div>
      <ImportStatement onImported={reload} />
      {error && !data ? (
        <ErrorState error={error} retry={reload} />
      ) : !data ? (
        <Loading label={t("bank.loading")} />
      ) : data.bankStatementLines.edges.length === 0 ? (
        <Empty>{t("bank.empty")}</Empty>
      ) : (
        <Section title={t("bank.lines")}>
          <table className="data">
            <thead>
              <tr>
                <th scope="col">{t("bank.booked")}</th>
                <th scope="col" className="num">
                  {t("common:field.amount")}
                </th>
                <th scope="col">{t("bank.counterparty")}</th>
                <th scope="col">{t("field.reference")}</th>
                <th scope="col">{t("common:field.status")}</th>
                <th scope="col">{t("bank.invoices")}</th>
                <th scope="col" />
              </tr>
            </thead>
            <tbody>
              {[...data.bankStatementLines.edges].reverse().map(({ node }) => (
                <tr key={node.id} data-status={node.status}>
                  <td>{formatDate(node.bookingDate)}</td>
                  <td className="num">
                    {node.direction === "DEBIT" ? "−" : ""}
                    {formatMoney(node.amount, node.currency)}
                  </td>
                  <td>{node.counterpartyName ?? ""}</td>
                  <td>{node.remittanceInformation ?? ""}</td>
                  <td>
                    <span className={`chip chip-${node.status === "MATCHED" || node.status === "POSTED" ? "ok" : node.status === "PROPOSED" ? "info" : "warn"}`}>
                      {enumLabel(node.status)}
                    </span>
                  </td>
                  <td>
                    {node.status === "MATCHED"
                      ? node.matchedInvoices.map((i) => i.number).join(", ")
                      : node.proposals.map((p) => `${p.invoice.number} (${p.reason})`).join("; ")}
                  </td>
                  <td className="actions">
                    {(node.status === "UNMATCHED" || node.status === "PROPOSED") && node.direction === "CREDIT" && (
                      <button type="button" onClick={() => setMatching(node)}>
                        {t("bank.match")}
                      </button>
                    )}
                    {(node.status === "UNMATCHED" || node.status === "PROPOSED") && (
                      <button type="button" onClick={() => setPosting(node)}>
                        {t("bank.post")}
                      </button>
                    )}
                    {(node.status === "MATCHED" || node.status === "POSTED") && (
                      <button
                        type="button"
                        disabled={unmatch.busy}
                        onClick={async () => {
                          if (await unmatch.run({ input: { lineId: node.id, reason: "Undone on the bank reconciliation screen" } })) reload();
                        }}
                      >
                        {t("bank.unmatch")}
                      </button>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          <FormErrors messages={unmatch.userErrors.map((e) => e.message)} />
        </Section>
      )}
      {matching && <MatchDialog line={matching} onClose={() => setMatching(null)} onDone={reload} />}
      {posting && <PostDialog line={posting} onClose={() => setPosting(null)} onDone={reload} />}
    </section>
  );
}

function ImportStatement({ onImported }: { onImported: () => void }) {
  const { t } = useTranslation("finance");
  const { session } = useAuth();
  const [file, setFile] = useState<File | null>(null);
  const [format, setFormat] = useState<"CAMT053" | "CSV">("CAMT053");
  const [messages, setMessages] = useState<string[]>([]);
  const [note, setNote] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  return (
    <Section title={t("bank.import")}>
      <form
        className="inline-form"
        onSubmit={async (e) => {
          e.preventDefault();
          if (!file) return;
          setBusy(true);
          setMessages([]);
          setNote(null);
          const query = `mutation ($input: ImportBankStatementInput!) { importBankStatement(input: $input) {
            alreadyImported statement { matchedCount unmatchedCount } userErrors { message code } } }`;
          const body = new FormData();
          body.append("operations", JSON.stringify({ query, variables: { input: { file: null, format } } }));
          body.append("map", JSON.stringify({ 0: ["variables.input.file"] }));
          body.append("0", file, file.name);
          try {
            const response = await fetch("/graphql", {
              method: "POST",
              body,
              headers: { authorization: `Bearer ${session?.token}`, "apollo-require-preflight": "true" },
            });
            const result = await response.json();
            const payload = result.data?.importBankStatement;
            // The upload goes around urql; its errors are read the same way (by code, translated).
            const refused = result.errors?.length ? describeError(new CombinedError({ graphQLErrors: result.errors })) : null;
            if (!payload) setMessages([refused ?? t("bank.importFailed")]);
            else if (payload.userErrors.length) setMessages(payload.userErrors.map((x: { message: string; code: string }) => userErrorText(x)));
            else {
              setNote(
                payload.alreadyImported
                  ? t("bank.alreadyImported")
                  : t("bank.imported", { matched: payload.statement.matchedCount, review: payload.statement.unmatchedCount }),
              );
              onImported();
            }
          } catch {
            setMessages([t("bank.importFailed")]);
          } finally {
            setBusy(false);
          }
        }}
      >
        <SelectField label={t("field.format")} value={format} onChange={(e) => setFormat(e.target.value as "CAMT053" | "CSV")}>
          <option value="CAMT053">{t("bank.camt053")}</option>
          <option value="CSV">{t("field.csv")}</option>
        </SelectField>
        <TextField label={t("bank.file")} type="file" accept=".xml,.csv,text/xml,text/csv" onChange={(e) => setFile(e.target.files?.[0] ?? null)} />
        <button type="submit" className="primary" disabled={busy || !file}>
          {t("bank.importButton")}
        </button>
      </form>
      {note && <p role="status">{note}</p>}
      <FormErrors messages={messages} />
    </Section>
  );
}

function MatchDialog({ line, onClose, onDone }: { line: Line; onClose: () => void; onDone: () => void }) {
  const [{ data }] = useQuery({ query: OpenInvoicesQuery, requestPolicy: "network-only" });
  const { t } = useTranslation("finance");
  const match = useAction(MatchLineMutation);
  const [search, setSearch] = useState("");
  const [chosen, setChosen] = useState<string[]>(line.proposals.map((p) => p.invoice.id));
  const invoices = (data?.invoices.edges ?? [])
    .map((e) => e.node)
    .filter((i) => !search || `${i.number} ${i.customer.code}`.toLowerCase().includes(search.toLowerCase()));
  return (
    <Dialog title={t("bank.matchTitle", { amount: formatMoney(line.amount, line.currency) })} onClose={onClose}>
      <TextField label={t("bank.search")} value={search} onChange={(e) => setSearch(e.target.value)} />
      <ul className="checklist">
        {invoices.slice(0, 30).map((i) => (
          <li key={i.id}>
            <label>
              <input
                type="checkbox"
                checked={chosen.includes(i.id)}
                onChange={(e) => setChosen(e.target.checked ? [...chosen, i.id] : chosen.filter((x) => x !== i.id))}
              />
              {i.number}
            </label>{" "}
            <span className="muted">
              {t("bank.invoiceFacts", { customer: i.customer.code, balance: formatMoney(i.balance), due: formatDate(i.dueOn) })}
            </span>
          </li>
        ))}
      </ul>
      <FormErrors messages={[...match.userErrors.map((e) => e.message), ...(match.failure ? [match.failure] : [])]} />
      <button
        type="button"
        className="primary"
        disabled={match.busy || chosen.length === 0}
        onClick={async () => {
          if (await match.run({ input: { lineId: line.id, invoiceIds: chosen } })) onDone();
        }}
      >
        {t("bank.confirmMatch")}
      </button>
    </Dialog>
  );
}

function PostDialog({ line, onClose, onDone }: { line: Line; onClose: () => void; onDone: () => void }) {
  const { t } = useTranslation("finance");
  const post = useAction(PostLineMutation);
  const [accountCode, setAccountCode] = useState("6800");
  const [memo, setMemo] = useState(() => line.remittanceInformation ?? t("bank.defaultMemo"));
  return (
    <Dialog title={t("bank.postTitle", { amount: formatMoney(line.amount, line.currency) })} onClose={onClose}>
      <form
        onSubmit={async (e) => {
          e.preventDefault();
          if (await post.run({ input: { lineId: line.id, accountCode, memo } })) onDone();
        }}
      >
        <TextField label={t("bank.account")} value={accountCode} onChange={(e) => setAccountCode(e.target.value)} />
        <TextField label={t("bank.memo")} value={memo} onChange={(e) => setMemo(e.target.value)} />
        <FormErrors messages={post.userErrors.map((e) => e.message)} />
        <button type="submit" className="primary" disabled={post.busy}>
          {t("bank.postToAccount")}
        </button>
      </form>
    </Dialog>
  );
}
