import { useState } from "react";
import { useQuery } from "urql";
import { useAction } from "../../api/useAction";
import { useAuth } from "../../auth/AuthProvider";
import { FormErrors, SelectField, TextField } from "../../components/Field";
import { Section } from "../../components/Section";
import { Empty, ErrorState, Loading } from "../../components/States";
import type { ResultOf } from "../../graphql";
import { formatDate, formatMoney } from "../../lib/format";
import { Dialog } from "./Dialog";
import { BankLinesQuery, MatchLineMutation, OpenInvoicesQuery, PostLineMutation, UnmatchLineMutation } from "./financeQueries";

type Line = ResultOf<typeof BankLinesQuery>["bankStatementLines"]["edges"][number]["node"];
const STATUS_WORDS: Record<string, string> = {
  MATCHED: "Matched",
  PROPOSED: "Proposed",
  UNMATCHED: "Unmatched",
  POSTED: "Posted",
};

/** Import a bank statement, see what matched, match the rest by hand or post it. */
export default function BankReconciliation() {
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
        <h1 id="bank-title">Bank reconciliation</h1>
      </div>
      <ImportStatement onImported={reload} />
      {error && !data ? (
        <ErrorState error={error} retry={reload} />
      ) : !data ? (
        <Loading label="Loading statement lines…" />
      ) : data.bankStatementLines.edges.length === 0 ? (
        <Empty>No statement imported yet.</Empty>
      ) : (
        <Section title="Statement lines">
          <table className="data">
            <thead>
              <tr>
                <th scope="col">Booked</th>
                <th scope="col" className="num">
                  Amount
                </th>
                <th scope="col">Counterparty</th>
                <th scope="col">Reference</th>
                <th scope="col">Status</th>
                <th scope="col">Invoices</th>
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
                      {STATUS_WORDS[node.status]}
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
                        Match
                      </button>
                    )}
                    {(node.status === "UNMATCHED" || node.status === "PROPOSED") && (
                      <button type="button" onClick={() => setPosting(node)}>
                        Post
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
                        Unmatch
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
  const { session } = useAuth();
  const [file, setFile] = useState<File | null>(null);
  const [format, setFormat] = useState<"CAMT053" | "CSV">("CAMT053");
  const [messages, setMessages] = useState<string[]>([]);
  const [note, setNote] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  return (
    <Section title="Import statement">
      <form
        className="inline-form"
        onSubmit={async (e) => {
          e.preventDefault();
          if (!file) return;
          setBusy(true);
          setMessages([]);
          setNote(null);
          const query = `mutation ($input: ImportBankStatementInput!) { importBankStatement(input: $input) {
            alreadyImported statement { matchedCount unmatchedCount } userErrors { message } } }`;
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
            if (!payload) setMessages([result.errors?.[0]?.message ?? "The import failed."]);
            else if (payload.userErrors.length) setMessages(payload.userErrors.map((x: { message: string }) => x.message));
            else {
              setNote(
                payload.alreadyImported
                  ? "This statement was imported before; nothing was posted again."
                  : `Imported: ${payload.statement.matchedCount} matched, ${payload.statement.unmatchedCount} to review.`,
              );
              onImported();
            }
          } catch {
            setMessages(["The import failed."]);
          } finally {
            setBusy(false);
          }
        }}
      >
        <SelectField label="Format" value={format} onChange={(e) => setFormat(e.target.value as "CAMT053" | "CSV")}>
          <option value="CAMT053">camt.053 (XML)</option>
          <option value="CSV">CSV</option>
        </SelectField>
        <TextField label="Statement file" type="file" accept=".xml,.csv,text/xml,text/csv" onChange={(e) => setFile(e.target.files?.[0] ?? null)} />
        <button type="submit" className="primary" disabled={busy || !file}>
          Import
        </button>
      </form>
      {note && <p role="status">{note}</p>}
      <FormErrors messages={messages} />
    </Section>
  );
}

function MatchDialog({ line, onClose, onDone }: { line: Line; onClose: () => void; onDone: () => void }) {
  const [{ data }] = useQuery({ query: OpenInvoicesQuery, requestPolicy: "network-only" });
  const match = useAction(MatchLineMutation);
  const [search, setSearch] = useState("");
  const [chosen, setChosen] = useState<string[]>(line.proposals.map((p) => p.invoice.id));
  const invoices = (data?.invoices.edges ?? [])
    .map((e) => e.node)
    .filter((i) => !search || `${i.number} ${i.customer.code}`.toLowerCase().includes(search.toLowerCase()));
  return (
    <Dialog title={`Match ${formatMoney(line.amount, line.currency)}`} onClose={onClose}>
      <TextField label="Search invoices" value={search} onChange={(e) => setSearch(e.target.value)} />
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
              {i.customer.code} · open {formatMoney(i.balance)} · due {formatDate(i.dueOn)}
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
        Confirm match
      </button>
    </Dialog>
  );
}

function PostDialog({ line, onClose, onDone }: { line: Line; onClose: () => void; onDone: () => void }) {
  const post = useAction(PostLineMutation);
  const [accountCode, setAccountCode] = useState("6800");
  const [memo, setMemo] = useState(line.remittanceInformation ?? "Bank charges");
  return (
    <Dialog title={`Post ${formatMoney(line.amount, line.currency)}`} onClose={onClose}>
      <form
        onSubmit={async (e) => {
          e.preventDefault();
          if (await post.run({ input: { lineId: line.id, accountCode, memo } })) onDone();
        }}
      >
        <TextField label="Account" value={accountCode} onChange={(e) => setAccountCode(e.target.value)} />
        <TextField label="Memo" value={memo} onChange={(e) => setMemo(e.target.value)} />
        <FormErrors messages={post.userErrors.map((e) => e.message)} />
        <button type="submit" className="primary" disabled={post.busy}>
          Post to account
        </button>
      </form>
    </Dialog>
  );
}
