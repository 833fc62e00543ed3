import { Trans, useTranslation } from "react-i18next";
import { Link } from "react-router";
import { useQuery } from "urql";
import { graphql } from "../graphql";

const OpenRecallsQuery = graphql(`
  query OpenRecallsForPartner {
    recalls(first: 50) {
      edges {
        node {
          id
          number
          status
        }
      }
    }
  }
`);

/** On every page of the partner portal while a recall that notified the partner is open. */
export function RecallBanner() {
  const { t } = useTranslation("components");
  const [{ data }] = useQuery({ query: OpenRecallsQuery, requestPolicy: "cache-and-network" });
  const open = (data?.recalls.edges ?? []).map((e) => e.node).filter((r) => r.status === "OPEN");
  if (!open.length) return null;
  return (
    <div className="banner banner-alert" role="alert">
      {open.map((r) => (
        <span key={r.id}>
          <Trans t={t} i18nKey="recallBanner.open" values={{ number: r.number }} components={{ link: <Link to="/portal/recalls" /> }} />{" "}
        </span>
      ))}
    </div>
  );
}
