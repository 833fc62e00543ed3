import { Trans, useTranslation } from "react-i18next";
import { useQuery } from "urql";
import { graphql, type ResultOf } from "../graphql";
import { actionLabel, describeChange } from "../lib/audit";
import { formatDateTime } from "../lib/format";
import { Section } from "./Section";
import { Empty, ErrorState, Loading } from "./States";

export const AuditTrailQuery = graphql(`
  query AuditTrail($entityId: ID!) {
    auditTrail(first: 50, entityId: $entityId) {
      totalCount
      edges {
        node {
          id
          occurredAt
          action
          reason
          actor {
            id
            displayName
          }
          changes {
            field
            before
            after
          }
        }
      }
    }
  }
`);

type AuditEvent = ResultOf<typeof AuditTrailQuery>["auditTrail"]["edges"][number]["node"];

/** The audit trail of one record, in words: who did what, and each value before and after.
 * Mounted again (a new `key`) after the record changed, it shows what is cached and reads
 * the trail again, so the change just made appears. */
export function AuditHistory({ entityId, currency }: { entityId: string; currency?: string }) {
  const { t } = useTranslation("components");
  const [{ data, error }] = useQuery({ query: AuditTrailQuery, variables: { entityId }, requestPolicy: "cache-and-network" });
  const trail = data?.auditTrail;
  return (
    <Section title={t("audit.title")}>
      {error && !trail ? (
        <ErrorState error={error} />
      ) : !trail ? (
        <Loading label={t("audit.loading")} />
      ) : trail.edges.length === 0 ? (
        <Empty>{t("audit.empty")}</Empty>
      ) : (
        <>
          <ol className="timeline">
            {trail.edges.map(({ node }) => (
              <AuditEntry key={node.id} event={node} currency={currency} />
            ))}
          </ol>
          {trail.totalCount > trail.edges.length && (
            <p className="muted">
              {t("audit.firstOf", { shown: trail.edges.length, total: trail.totalCount })}
            </p>
          )}
        </>
      )}
    </Section>
  );
}

function AuditEntry({ event, currency }: { event: AuditEvent; currency?: string }) {
  const { t } = useTranslation("components");
  return (
    <li>
      <time dateTime={event.occurredAt}>{formatDateTime(event.occurredAt)}</time>{" "}
      <Trans
        t={t}
        i18nKey="audit.entry"
        values={{ action: actionLabel(event.action), actor: event.actor?.displayName ?? t("audit.theSystem") }}
        components={{ b: <strong /> }}
      />
      {event.reason && <span className="muted"> — {event.reason}</span>}
      {event.changes.length > 0 && (
        <ul className="changes">
          {event.changes.map((change) => (
            <li key={change.field}>{describeChange(change, currency)}</li>
          ))}
        </ul>
      )}
    </li>
  );
}
