import { Bar, BarChart, CartesianGrid, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { useMemo, type ReactElement } from "react";
import { useTranslation } from "react-i18next";
import { useQuery } from "urql";
import { Section } from "../../components/Section";
import { ErrorState, Loading } from "../../components/States";
import { graphql } from "../../graphql";
import { formatMoney, formatNumber, formatPercent } from "../../lib/format";
import { lastMonths } from "../../lib/periods";

const KpiFields = graphql(`
  fragment KpiFields on Kpis {
    onTimeDeliveryRate
    daysSalesOutstanding
    recallResponseHours
    ordersCreated
    revenue
  }
`);

// Six months side by side in one request (aliases), one chart point each.
const KpisQuery = graphql(
  `
    query Kpis(
      $f0: Date!, $t0: Date!, $f1: Date!, $t1: Date!, $f2: Date!, $t2: Date!
      $f3: Date!, $t3: Date!, $f4: Date!, $t4: Date!, $f5: Date!, $t5: Date!
    ) {
      m0: kpis(from: $f0, to: $t0) { ...KpiFields }
      m1: kpis(from: $f1, to: $t1) { ...KpiFields }
      m2: kpis(from: $f2, to: $t2) { ...KpiFields }
      m3: kpis(from: $f3, to: $t3) { ...KpiFields }
      m4: kpis(from: $f4, to: $t4) { ...KpiFields }
      m5: kpis(from: $f5, to: $t5) { ...KpiFields }
    }
  `,
  [KpiFields],
);

const MONTHS = 6;

export default function KpiDashboard() {
  const { t, i18n } = useTranslation("dashboards");
  // Month labels follow the chosen language.
  const periods = useMemo(() => lastMonths(MONTHS), [i18n.language]);
  const variables = useMemo(
    () =>
      Object.fromEntries(periods.flatMap((p, i) => [[`f${i}`, p.from], [`t${i}`, p.to]])) as {
        f0: string; t0: string; f1: string; t1: string; f2: string; t2: string;
        f3: string; t3: string; f4: string; t4: string; f5: string; t5: string;
      },
    [periods],
  );
  const [{ data, error }, refetch] = useQuery({ query: KpisQuery, variables });
  if (error && !data) return <ErrorState error={error} retry={() => refetch({ requestPolicy: "network-only" })} />;
  if (!data) return <Loading label={t("kpi.loading")} />;

  const rows = periods.map((p, i) => {
    const k = data[`m${i}` as "m0"];
    return {
      month: p.label,
      onTime: k.onTimeDeliveryRate === null ? null : k.onTimeDeliveryRate * 100,
      dso: k.daysSalesOutstanding,
      recallHours: k.recallResponseHours,
      orders: k.ordersCreated,
      // Charts need numbers; the exact figure stays in the table.
      revenue: Number(k.revenue),
      revenueExact: k.revenue,
    };
  });
  const latest = data.m5;

  return (
    <section aria-labelledby="kpi-title">
      <h1 id="kpi-title">{t("kpi.title")}</h1>
      <div className="tiles">
        <Tile label={t("kpi.onTimeThisMonth")} value={formatPercent(latest.onTimeDeliveryRate)} />
        <Tile label={t("kpi.dso")} value={formatNumber(latest.daysSalesOutstanding, 1)} />
        <Tile label={t("kpi.revenueThisMonth")} value={formatMoney(latest.revenue)} />
        <Tile label={t("kpi.recallResponse")} value={formatNumber(latest.recallResponseHours, 1)} />
      </div>
      <div className="chart-grid">
        <Chart title={t("kpi.onTimeChart")}>
          <LineChart data={rows}>
            <CartesianGrid strokeDasharray="3 3" />
            <XAxis dataKey="month" />
            <YAxis domain={[0, 100]} />
            <Tooltip formatter={(v) => `${formatNumber(Number(v), 1)} %`} />
            <Line type="linear" dataKey="onTime" name={t("kpi.onTime")} stroke="#1f6f43" connectNulls />
          </LineChart>
        </Chart>
        <Chart title={t("kpi.dso")}>
          <LineChart data={rows}>
            <CartesianGrid strokeDasharray="3 3" />
            <XAxis dataKey="month" />
            <YAxis />
            <Tooltip formatter={(v) => formatNumber(Number(v), 1)} />
            <Line type="linear" dataKey="dso" name={t("kpi.dsoShort")} stroke="#8a5a00" connectNulls />
          </LineChart>
        </Chart>
        <Chart title={t("kpi.revenue")}>
          <BarChart data={rows}>
            <CartesianGrid strokeDasharray="3 3" />
            <XAxis dataKey="month" />
            <YAxis />
            <Tooltip formatter={(_v, _n, item) => formatMoney((item.payload as { revenueExact: string }).revenueExact)} />
            <Bar dataKey="revenue" name={t("kpi.revenue")} fill="#2458a6" />
          </BarChart>
        </Chart>
        <Chart title={t("kpi.recallResponse")}>
          <BarChart data={rows}>
            <CartesianGrid strokeDasharray="3 3" />
            <XAxis dataKey="month" />
            <YAxis />
            <Tooltip formatter={(v) => formatNumber(Number(v), 1)} />
            <Bar dataKey="recallHours" name={t("kpi.hours")} fill="#a33a3a" />
          </BarChart>
        </Chart>
      </div>
      <Section title={t("kpi.byMonth")}>
        <table className="data">
          <thead>
            <tr>
              <th scope="col">{t("kpi.month")}</th>
              <th scope="col" className="num">{t("kpi.orders")}</th>
              <th scope="col" className="num">{t("kpi.revenue")}</th>
              <th scope="col" className="num">{t("kpi.onTime")}</th>
              <th scope="col" className="num">{t("kpi.dsoShort")}</th>
              <th scope="col" className="num">{t("kpi.recallHours")}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.month}>
                <td>{r.month}</td>
                <td className="num">{r.orders}</td>
                <td className="num">{formatMoney(r.revenueExact)}</td>
                <td className="num">{r.onTime === null ? "–" : `${formatNumber(r.onTime, 1)} %`}</td>
                <td className="num">{formatNumber(r.dso, 1)}</td>
                <td className="num">{formatNumber(r.recallHours, 1)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </Section>
    </section>
  );
}

function Tile({ label, value }: { label: string; value: string }) {
  return (
    <div className="tile">
      <div className="tile-value">{value}</div>
      <div className="tile-label">{label}</div>
    </div>
  );
}

function Chart({ title, children }: { title: string; children: ReactElement }) {
  return (
    <figure className="card chart">
      <figcaption>{title}</figcaption>
      <ResponsiveContainer width="100%" height={220}>
        {children}
      </ResponsiveContainer>
    </figure>
  );
}
