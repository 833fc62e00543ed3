import { useTranslation } from "react-i18next";
import { Statement } from "../finance/Statement";

/** A partner's own statement, with its PDF. */
export default function PartnerStatement() {
  const { t } = useTranslation("portal");
  return (
    <section aria-labelledby="partner-statement-title">
      <div className="page-head">
        <h1 id="partner-statement-title">{t("statement.title")}</h1>
      </div>
      <Statement />
    </section>
  );
}
