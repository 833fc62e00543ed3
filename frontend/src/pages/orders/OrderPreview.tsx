import { useTranslation } from "react-i18next";
import { enumLabel } from "../../i18n/enumLabel";
import type { UserError } from "../../lib/errors";
import { formatMoney } from "../../lib/format";
import type { Preview, PreviewState } from "./orderPreview";

/**
 * The server's preview of the order being typed: totals with tax, the approvals
 * it would need and the customer's credit exposure after it. `notes` are the
 * preview's refusals that no form field shows.
 */
export function OrderPreview({ state, notes }: { state: PreviewState; notes: readonly UserError[] }) {
  const { t } = useTranslation("orders");
  const { preview, loading, failure } = state;
  return (
    <div className="order-preview" data-testid="order-preview" aria-busy={loading}>
      {!preview ? (
        <p className="muted">
          {loading ? t("preview.pricing") : t("preview.prompt")}
        </p>
      ) : (
        <>
          <dl className="facts">
            <div>
              <dt>{t("preview.subtotal")}</dt>
              <dd data-testid="order-subtotal">{formatMoney(preview.subtotal)}</dd>
            </div>
            <div>
              <dt>{t("preview.tax")}</dt>
              <dd data-testid="order-tax">{formatMoney(preview.taxTotal)}</dd>
            </div>
            <div>
              <dt>{t("preview.total")}</dt>
              <dd>
                <strong data-testid="order-total">{formatMoney(preview.total)}</strong>
              </dd>
            </div>
            <div>
              <dt>{t("preview.creditExposure")}</dt>
              <dd data-testid="credit-exposure">
                {formatMoney(preview.creditExposureAfter)}{" "}
                <span className="muted">
                  {preview.creditLimit === null
                    ? t("preview.noCreditLimit")
                    : t("preview.ofLimit", { limit: formatMoney(preview.creditLimit) })}
                </span>
              </dd>
            </div>
          </dl>
          <Approvals needed={preview.approvalsNeeded} />
          {notes.length > 0 && (
            <ul className="hint-warn" aria-label={t("preview.problems")}>
              {notes.map((e) => (
                <li key={`${e.code}-${e.message}`}>{e.message}</li>
              ))}
            </ul>
          )}
        </>
      )}
      <p className="muted" aria-live="polite">
        {preview && loading ? t("preview.updating") : ""}
        {failure ? t("preview.failed", { failure }) : ""}
      </p>
    </div>
  );
}

function Approvals({ needed }: { needed: Preview["approvalsNeeded"] }) {
  const { t } = useTranslation("orders");
  if (!needed.length) return <p>{t("preview.noApproval")}</p>;
  return (
    <div aria-label={t("preview.approvalsNeeded")} role="group">
      <p>{t("preview.waitsFor")}</p>
      <ul className="hint-warn">
        {needed.map((a) => (
          <li key={a.rule}>
            {a.reason} <span className="muted">({enumLabel(a.requiredRole).toLowerCase()})</span>
          </li>
        ))}
      </ul>
    </div>
  );
}
