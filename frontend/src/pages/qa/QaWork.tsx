import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { useQuery } from "urql";
import { useAuth } from "../../auth/AuthProvider";
import { Section } from "../../components/Section";
import { Empty, ErrorState, Loading } from "../../components/States";
import { StatusChip } from "../../components/StatusChip";
import { enumLabel } from "../../i18n/enumLabel";
import { formatDate } from "../../lib/format";
import { QaWorkQuery } from "./qaQueries";

/** What QA has open: nonconformances, CAPAs, holds, lots about to expire, recall notices overdue. */
export default function QaWork() {
  const [{ data, error }, refetch] = useQuery({ query: QaWorkQuery, requestPolicy: "cache-and-network" });
  const { hasRole } = useAuth();
  const { t } = useTranslation(["qa", "common"]);
  if (error && !data) return <ErrorState error={error} retry={() => refetch({ requestPolicy: "network-only" })} />;
  if (!data) return <Loading label={t("work.loading")} />;
  const ncs = data.nonconformances.edges.map((e) => e.node);
  const capas = data.capas.edges.map((e) => e.node);
  const holds = data.qualityHolds.edges.map((e) => e.node);
  const alerts = data.expiryAlerts.edges.map((e) => e.node);
  const notices = data.overdueRecallNotices.edges.map((e) => e.node);
  return (
    <section aria-labelledby="qa-title">
      <h1 id="qa-title">{t("work.title")}</h1>
      <Section title={t("work.nonconformances")}>
        {ncs.length === 0 ? (
          <Empty>{t("work.noNonconformance")}</Empty>
        ) : (
          <table>
            <thead>
              <tr>
                <th>{t("common:field.number")}</th>
                <th>{t("work.col.title")}</th>
                <th>{t("work.col.source")}</th>
                <th>{t("common:field.lot")}</th>
                <th>{t("common:field.status")}</th>
                <th>{t("work.col.opened")}</th>
              </tr>
            </thead>
            <tbody>
              {ncs.map((nc) => (
                <tr key={nc.id}>
                  <td>
                    <Link to={`/qa/nonconformances/${encodeURIComponent(nc.id)}`}>{nc.number}</Link>
                  </td>
                  <td>{nc.title}</td>
                  <td>{enumLabel(nc.source)}</td>
                  <td>{nc.lot ? <Link to={`/lots/${nc.lot.id}`}>{nc.lot.lotNumber}</Link> : "—"}</td>
                  <td>
                    <StatusChip status={nc.status} />
                  </td>
                  <td>{formatDate(nc.openedAt)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </Section>
      <Section title={t("work.capas")}>
        {hasRole("QA_MANAGER") && (
          <p>
            <Link to="/qa/capas/new" className="button">
              {t("work.newCapa")}
            </Link>
          </p>
        )}
        {capas.length === 0 ? (
          <Empty>{t("work.noCapa")}</Empty>
        ) : (
          <table>
            <thead>
              <tr>
                <th>{t("common:field.number")}</th>
                <th>{t("work.col.title")}</th>
                <th>{t("work.col.owner")}</th>
                <th>{t("work.col.due")}</th>
                <th>{t("work.col.actionsDone")}</th>
              </tr>
            </thead>
            <tbody>
              {capas.map((c) => (
                <tr key={c.id}>
                  <td>
                    <Link to={`/qa/capas/${encodeURIComponent(c.id)}`}>{c.number}</Link>
                  </td>
                  <td>{c.title}</td>
                  <td>{c.owner.displayName}</td>
                  <td>
                    {formatDate(c.dueOn)} {c.overdue && <StatusChip status="OVERDUE" />}
                  </td>
                  <td>
                    {t("work.ofTotal", { done: c.actions.filter((a) => a.status === "DONE").length, total: c.actions.length })}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </Section>
      <Section title={t("work.holds")}>
        {holds.length === 0 ? (
          <Empty>{t("work.noHold")}</Empty>
        ) : (
          <table>
            <thead>
              <tr>
                <th>{t("work.col.hold")}</th>
                <th>{t("common:field.lot")}</th>
                <th>{t("work.col.what")}</th>
                <th>{t("common:field.reason")}</th>
              </tr>
            </thead>
            <tbody>
              {holds.map((h) => (
                <tr key={h.id}>
                  <td>{h.number}</td>
                  <td>
                    <Link to={`/lots/${h.lot.id}`}>{h.lot.lotNumber}</Link> {h.lot.product.sku}
                  </td>
                  <td>
                    {h.scope === "WHOLE_LOT" ? t("work.wholeLot") : t("work.units", { quantity: h.quantity })}
                    {h.warehouse ? ` @ ${h.warehouse.code}` : ""}
                  </td>
                  <td>{h.reason}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </Section>
      <Section title={t("work.expiringLots")}>
        {alerts.length === 0 ? (
          <Empty>{t("work.noExpiring")}</Empty>
        ) : (
          <table>
            <thead>
              <tr>
                <th>{t("common:field.lot")}</th>
                <th>{t("common:field.product")}</th>
                <th>{t("common:field.expiresOn")}</th>
                <th>{t("work.col.daysLeft")}</th>
                <th>{t("work.col.units")}</th>
              </tr>
            </thead>
            <tbody>
              {alerts.map((a) => (
                <tr key={a.id}>
                  <td>
                    <Link to={`/lots/${a.lot.id}`}>{a.lot.lotNumber}</Link>
                  </td>
                  <td>{a.lot.product.sku}</td>
                  <td>{formatDate(a.expiresOn)}</td>
                  <td>{a.daysLeft}</td>
                  <td>{a.quantity}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </Section>
      <Section title={t("work.overdueNotices")}>
        {notices.length === 0 ? (
          <Empty>{t("work.noOverdueNotice")}</Empty>
        ) : (
          <table>
            <thead>
              <tr>
                <th>{t("work.col.recall")}</th>
                <th>{t("common:field.customer")}</th>
                <th>{t("work.col.due")}</th>
                <th>{t("work.col.reminders")}</th>
              </tr>
            </thead>
            <tbody>
              {notices.map((n) => (
                <tr key={`${n.recall.id}-${n.customer.id}`}>
                  <td>
                    <Link to={`/recalls/${n.recall.id}`}>{n.recall.number}</Link>
                  </td>
                  <td>
                    {n.customer.code} {n.customer.name}
                  </td>
                  <td>{formatDate(n.dueAt)}</td>
                  <td>{n.remindersSent}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </Section>
    </section>
  );
}
