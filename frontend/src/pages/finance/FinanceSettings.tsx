import { useState } from "react";
import { useTranslation } from "react-i18next";
import { useQuery } from "urql";
import { useAction } from "../../api/useAction";
import { DownloadButton } from "../../components/Download";
import { FormErrors, SelectField, TextField } from "../../components/Field";
import { Section } from "../../components/Section";
import { ErrorState, Loading } from "../../components/States";
import { StatusChip } from "../../components/StatusChip";
import { enumLabel } from "../../i18n/enumLabel";
import { formatDate, formatMoney, isoDate } from "../../lib/format";
import { recentAccountingPeriods } from "../../lib/periods";
import {
  ClosePeriodMutation,
  ExportLedgerMutation,
  ReopenPeriodMutation,
  SetTaxRuleMutation,
  SettingsQuery,
  UpdateSettingsMutation,
} from "./financeQueries";
import { formatTaxRate } from "./taxRate";

/** Finance settings: tax rules, invoicing policy and threshold, periods, the ledger export. */
export default function FinanceSettings() {
  const { t } = useTranslation(["finance", "common"]);
  const year = new Date().getFullYear();
  const [{ data, error }, refetch] = useQuery({ query: SettingsQuery, variables: { year, lastYear: year - 1 } });
  const reload = () => refetch({ requestPolicy: "network-only" });
  if (error && !data) return <ErrorState error={error} retry={reload} />;
  if (!data) return <Loading label={t("settings.loading")} />;
  return (
    <section aria-labelledby="finance-settings-title">
      <div className="page-head">
        <h1 id="finance-settings-title">{t("settings.title")}</h1>
      </div>
      <Policy settings={data.financeSettings} onDone={reload} />
      <Section title={t("settings.taxRules")}>
        <table className="data">
          <thead>
            <tr>
              <th scope="col">{t("settings.country")}</th>
              <th scope="col">{t("settings.category")}</th>
              <th scope="col">{t("settings.customerStatus")}</th>
              <th scope="col" className="num">
                {t("field.rate")}
              </th>
              <th scope="col">{t("field.note")}</th>
              <th scope="col">{t("settings.valid")}</th>
            </tr>
          </thead>
          <tbody>
            {data.taxRules.map((r) => (
              <tr key={r.id}>
                <td>{r.country ?? t("settings.anyCountry")}</td>
                <td>{r.taxCategory}</td>
                <td>{r.customerTaxStatus}</td>
                <td className="num">{formatTaxRate(r.rate)}</td>
                <td>{r.legalNote ?? ""}</td>
                <td>{t("settings.validRange", { from: formatDate(r.validFrom), to: r.validTo ? formatDate(r.validTo) : "" })}</td>
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
  const { t } = useTranslation(["finance", "common"]);
  const update = useAction(UpdateSettingsMutation);
  const [policy, setPolicy] = useState(settings.defaultInvoicingPolicy);
  const [threshold, setThreshold] = useState(settings.writeOffThreshold);
  return (
    <Section title={t("settings.invoicing")}>
      <p>
        {t("settings.company", {
          name: settings.companyName,
          vat: settings.companyVatNumber,
          accounts: settings.bankAccounts.map((b) => `${b.iban} (${b.ledgerAccount})`).join(", "),
        })}
      </p>
      <form
        className="inline-form"
        onSubmit={async (e) => {
          e.preventDefault();
          if (await update.run({ input: { defaultInvoicingPolicy: policy, writeOffThreshold: threshold } })) onDone();
        }}
      >
        <SelectField label={t("settings.policy")} value={policy} onChange={(e) => setPolicy(e.target.value as typeof policy)}>
          <option value="PER_SHIPMENT">{enumLabel("PER_SHIPMENT")}</option>
          <option value="PER_ORDER">{enumLabel("PER_ORDER")}</option>
        </SelectField>
        <p>{t("settings.invoiceOn", { trigger: enumLabel(settings.invoiceOn) })}</p>
        <TextField label={t("settings.threshold")} value={threshold} onChange={(e) => setThreshold(e.target.value)} hint={formatMoney(settings.writeOffThreshold)} />
        <FormErrors messages={update.userErrors.map((x) => x.message)} />
        <button type="submit" disabled={update.busy}>
          {t("common:action.save")}
        </button>
      </form>
    </Section>
  );
}

function TaxRuleForm({ onDone }: { onDone: () => void }) {
  const { t } = useTranslation("finance");
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
      <TextField label={t("settings.country")} value={rule.country} onChange={(e) => setRule({ ...rule, country: e.target.value })} />
      <TextField label={t("settings.taxCategory")} value={rule.taxCategory} onChange={(e) => setRule({ ...rule, taxCategory: e.target.value })} />
      <SelectField label={t("settings.customerTaxStatus")} value={rule.status} onChange={(e) => setRule({ ...rule, status: e.target.value })}>
        {["STANDARD", "EU_REVERSE_CHARGE", "EXPORT", "EXEMPT"].map((s) => (
          <option key={s}>{s}</option>
        ))}
      </SelectField>
      <TextField label={t("field.rate")} value={rule.rate} onChange={(e) => setRule({ ...rule, rate: e.target.value })} hint={t("settings.rateHint")} />
      <TextField label={t("settings.legalNote")} value={rule.legalNote} onChange={(e) => setRule({ ...rule, legalNote: e.target.value })} />
      <FormErrors messages={set.userErrors.map((x) => x.message)} />
      <button type="submit" disabled={set.busy}>
        {t("settings.saveTaxRule")}
      </button>
    </form>
  );
}

type Period = { id: string; year: number; month: number; status: string };

function Periods({ periods, onDone }: { periods: readonly Period[]; onDone: () => void }) {
  const { t } = useTranslation("finance");
  const close = useAction(ClosePeriodMutation);
  const reopen = useAction(ReopenPeriodMutation);
  const [reason, setReason] = useState("");
  return (
    <Section title={t("settings.periods")}>
      <TextField label={t("settings.reopenReason")} value={reason} onChange={(e) => setReason(e.target.value)} />
      <ul className="periods">
        {periods.map((p) => {
          const name = t("settings.period", { month: t(`settings.months.${p.month}` as "settings.months.1"), year: p.year });
          return (
            <li key={p.id}>
              {name} <StatusChip status={p.status} />{" "}
              {p.status === "OPEN" ? (
                <button type="button" onClick={async () => (await close.run({ input: { year: p.year, month: p.month } })) && onDone()}>
                  {t("settings.closePeriod", { period: name })}
                </button>
              ) : (
                <button
                  type="button"
                  onClick={async () => (await reopen.run({ input: { year: p.year, month: p.month, reason } })) && onDone()}
                >
                  {t("settings.reopenPeriod", { period: name })}
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
  const { t } = useTranslation("finance");
  const exporter = useAction(ExportLedgerMutation);
  const today = new Date();
  const [range, setRange] = useState({ from: isoDate(new Date(today.getFullYear(), 0, 1)), to: isoDate(today) });
  const [format, setFormat] = useState<"CSV" | "DATEV">("CSV");
  const [done, setDone] = useState<{ url: string; name: string; entries: number } | null>(null);
  return (
    <Section title={t("settings.export")}>
      <form
        className="inline-form"
        onSubmit={async (e) => {
          e.preventDefault();
          const result = await exporter.run({ input: { from: range.from, to: range.to, format } });
          if (result?.document) setDone({ url: result.document.downloadUrl, name: result.document.fileName, entries: result.entryCount });
        }}
      >
        <TextField label={t("field.from")} type="date" value={range.from} onChange={(e) => setRange({ ...range, from: e.target.value })} />
        <TextField label={t("field.to")} type="date" value={range.to} onChange={(e) => setRange({ ...range, to: e.target.value })} />
        <SelectField label={t("field.format")} value={format} onChange={(e) => setFormat(e.target.value as "CSV" | "DATEV")}>
          <option value="CSV">{t("field.csv")}</option>
          <option value="DATEV">{t("settings.datev")}</option>
        </SelectField>
        <button type="submit" disabled={exporter.busy}>
          {t("settings.exportLedger")}
        </button>
      </form>
      <FormErrors messages={exporter.userErrors.map((x) => x.message)} />
      {done && (
        <p>
          {t("settings.entries", { count: done.entries })} · <DownloadButton url={done.url} fileName={done.name} label={t("settings.downloadExport")} />
        </p>
      )}
    </Section>
  );
}
