import { useState } from "react";
import { useQuery } from "urql";
import { useAction } from "../../api/useAction";
import { DownloadButton } from "../../components/Download";
import { FormErrors, SelectField, TextField } from "../../components/Field";
import { Section } from "../../components/Section";
import { ErrorState, Loading } from "../../components/States";
import { StatusChip } from "../../components/StatusChip";
import { formatMoney, isoDate } from "../../lib/format";
import { recentAccountingPeriods } from "../../lib/periods";
import {
  ClosePeriodMutation,
  ExportLedgerMutation,
  ReopenPeriodMutation,
  SetTaxRuleMutation,
  SettingsQuery,
  UpdateSettingsMutation,
} from "./financeQueries";

const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

/** Finance settings: tax rules, invoicing policy and threshold, periods, the ledger export. */
export default function FinanceSettings() {
  const year = new Date().getFullYear();
  const [{ data, error }, refetch] = useQuery({ query: SettingsQuery, variables: { year, lastYear: year - 1 } });
  const reload = () => refetch({ requestPolicy: "network-only" });
  if (error && !data) return <ErrorState error={error} retry={reload} />;
  if (!data) return <Loading label="Loading finance settings…" />;
  return (
    <section aria-labelledby="finance-settings-title">
      <div className="page-head">
        <h1 id="finance-settings-title">Finance settings</h1>
      </div>
      <Policy settings={data.financeSettings} onDone={reload} />
      <Section title="Tax rules">
        <table className="data">
          <thead>
            <tr>
              <th scope="col">Country</th>
              <th scope="col">Category</th>
              <th scope="col">Customer status</th>
              <th scope="col" className="num">
                Rate
              </th>
              <th scope="col">Note</th>
              <th scope="col">Valid</th>
            </tr>
          </thead>
          <tbody>
            {data.taxRules.map((r) => (
              <tr key={r.id}>
                <td>{r.country ?? "any"}</td>
                <td>{r.taxCategory}</td>
                <td>{r.customerTaxStatus}</td>
                <td className="num">{(Number(r.rate) * 100).toFixed(2)} %</td>
                <td>{r.legalNote ?? ""}</td>
                <td>
                  {r.validFrom} – {r.validTo ?? ""}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        <TaxRuleForm onDone={reload} />
      </Section>
      <Periods periods={recentAccountingPeriods([...data.lastYearPeriods, ...data.accountingPeriods], new Date())} onDone={reload} />
      <LedgerExport />
    </section>
  );
}

type Settings = NonNullable<import("../../graphql").ResultOf<typeof SettingsQuery>["financeSettings"]>;

function Policy({ settings, onDone }: { settings: Settings; onDone: () => void }) {
  const update = useAction(UpdateSettingsMutation);
  const [policy, setPolicy] = useState(settings.defaultInvoicingPolicy);
  const [threshold, setThreshold] = useState(settings.writeOffThreshold);
  return (
    <Section title="Invoicing">
      <p>
        {settings.companyName} · VAT {settings.companyVatNumber} ·{" "}
        {settings.bankAccounts.map((b) => `${b.iban} (${b.ledgerAccount})`).join(", ")}
      </p>
      <form
        className="inline-form"
        onSubmit={async (e) => {
          e.preventDefault();
          if (await update.run({ input: { defaultInvoicingPolicy: policy, writeOffThreshold: threshold } })) onDone();
        }}
      >
        <SelectField label="Default invoicing policy" value={policy} onChange={(e) => setPolicy(e.target.value as typeof policy)}>
          <option value="PER_SHIPMENT">Per shipment</option>
          <option value="PER_ORDER">Per order</option>
        </SelectField>
        <p>Invoice on: {settings.invoiceOn}</p>
        <TextField label="Write-off threshold" value={threshold} onChange={(e) => setThreshold(e.target.value)} hint={formatMoney(settings.writeOffThreshold)} />
        <FormErrors messages={update.userErrors.map((x) => x.message)} />
        <button type="submit" disabled={update.busy}>
          Save
        </button>
      </form>
    </Section>
  );
}

function TaxRuleForm({ onDone }: { onDone: () => void }) {
  const set = useAction(SetTaxRuleMutation);
  const [rule, setRule] = useState({ country: "", taxCategory: "STANDARD", status: "STANDARD", rate: "", legalNote: "" });
  return (
    <form
      className="inline-form"
      onSubmit={async (e) => {
        e.preventDefault();
        const done = await set.run({
          input: {
            country: rule.country || null,
            taxCategory: rule.taxCategory,
            customerTaxStatus: rule.status as "STANDARD",
            rate: rule.rate,
            legalNote: rule.legalNote || null,
            validFrom: isoDate(),
          },
        });
        if (done) onDone();
      }}
    >
      <TextField label="Country" value={rule.country} onChange={(e) => setRule({ ...rule, country: e.target.value })} />
      <TextField label="Tax category" value={rule.taxCategory} onChange={(e) => setRule({ ...rule, taxCategory: e.target.value })} />
      <SelectField label="Customer tax status" value={rule.status} onChange={(e) => setRule({ ...rule, status: e.target.value })}>
        {["STANDARD", "EU_REVERSE_CHARGE", "EXPORT", "EXEMPT"].map((s) => (
          <option key={s}>{s}</option>
        ))}
      </SelectField>
      <TextField label="Rate" value={rule.rate} onChange={(e) => setRule({ ...rule, rate: e.target.value })} hint="0..1, e.g. 0.21" />
      <TextField label="Legal note" value={rule.legalNote} onChange={(e) => setRule({ ...rule, legalNote: e.target.value })} />
      <FormErrors messages={set.userErrors.map((x) => x.message)} />
      <button type="submit" disabled={set.busy}>
        Save tax rule
      </button>
    </form>
  );
}

type Period = { id: string; year: number; month: number; status: string };

function Periods({ periods, onDone }: { periods: readonly Period[]; onDone: () => void }) {
  const close = useAction(ClosePeriodMutation);
  const reopen = useAction(ReopenPeriodMutation);
  const [reason, setReason] = useState("");
  return (
    <Section title="Periods">
      <TextField label="Reason for reopening" value={reason} onChange={(e) => setReason(e.target.value)} />
      <ul className="periods">
        {periods.map((p) => {
          const name = `${MONTHS[p.month - 1]} ${p.year}`;
          return (
            <li key={p.id}>
              {name} <StatusChip status={p.status} />{" "}
              {p.status === "OPEN" ? (
                <button type="button" onClick={async () => (await close.run({ input: { year: p.year, month: p.month } })) && onDone()}>
                  Close {name}
                </button>
              ) : (
                <button
                  type="button"
                  onClick={async () => (await reopen.run({ input: { year: p.year, month: p.month, reason } })) && onDone()}
                >
                  Reopen {name}
                </button>
              )}
            </li>
          );
        })}
      </ul>
      <FormErrors messages={[...close.userErrors, ...reopen.userErrors].map((x) => x.message)} />
    </Section>
  );
}

function LedgerExport() {
  const exporter = useAction(ExportLedgerMutation);
  const today = new Date();
  const [range, setRange] = useState({ from: isoDate(new Date(today.getFullYear(), 0, 1)), to: isoDate(today) });
  const [format, setFormat] = useState<"CSV" | "DATEV">("CSV");
  const [done, setDone] = useState<{ url: string; name: string; entries: number } | null>(null);
  return (
    <Section title="Export">
      <form
        className="inline-form"
        onSubmit={async (e) => {
          e.preventDefault();
          const result = await exporter.run({ input: { from: range.from, to: range.to, format } });
          if (result?.document) setDone({ url: result.document.downloadUrl, name: result.document.fileName, entries: result.entryCount });
        }}
      >
        <TextField label="From" type="date" value={range.from} onChange={(e) => setRange({ ...range, from: e.target.value })} />
        <TextField label="To" type="date" value={range.to} onChange={(e) => setRange({ ...range, to: e.target.value })} />
        <SelectField label="Format" value={format} onChange={(e) => setFormat(e.target.value as "CSV" | "DATEV")}>
          <option value="CSV">CSV</option>
          <option value="DATEV">DATEV Buchungsstapel</option>
        </SelectField>
        <button type="submit" disabled={exporter.busy}>
          Export general ledger
        </button>
      </form>
      <FormErrors messages={exporter.userErrors.map((x) => x.message)} />
      {done && (
        <p>
          {done.entries} entries · <DownloadButton url={done.url} fileName={done.name} label="Download export" />
        </p>
      )}
    </Section>
  );
}
