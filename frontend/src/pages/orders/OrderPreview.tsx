import type { UserError } from "../../lib/errors";
import { formatMoney, humanize } from "../../lib/format";
import type { Preview, PreviewState } from "./orderPreview";

/**
 * The server's preview of the order being typed: totals with tax, the approvals
 * it would need and the customer's credit exposure after it. `notes` are the
 * preview's refusals that no form field shows.
 */
export function OrderPreview({ state, notes }: { state: PreviewState; notes: readonly UserError[] }) {
  const { preview, loading, failure } = state;
  return (
    <div className="order-preview" data-testid="order-preview" aria-busy={loading}>
      {!preview ? (
        <p className="muted">
          {loading ? "Pricing the order…" : "Choose a customer and a product to see prices, tax and the approvals the order needs."}
        </p>
      ) : (
        <>
          <dl className="facts">
            <div>
              <dt>Subtotal</dt>
              <dd data-testid="order-subtotal">{formatMoney(preview.subtotal)}</dd>
            </div>
            <div>
              <dt>Tax</dt>
              <dd data-testid="order-tax">{formatMoney(preview.taxTotal)}</dd>
            </div>
            <div>
              <dt>Total</dt>
              <dd>
                <strong data-testid="order-total">{formatMoney(preview.total)}</strong>
              </dd>
            </div>
            <div>
              <dt>Credit exposure after this order</dt>
              <dd data-testid="credit-exposure">
                {formatMoney(preview.creditExposureAfter)}{" "}
                <span className="muted">
                  {preview.creditLimit === null ? "(no credit limit)" : `of ${formatMoney(preview.creditLimit)} limit`}
                </span>
              </dd>
            </div>
          </dl>
          <Approvals needed={preview.approvalsNeeded} />
          {notes.length > 0 && (
            <ul className="hint-warn" aria-label="Problems found by the preview">
              {notes.map((e) => (
                <li key={`${e.code}-${e.message}`}>{e.message}</li>
              ))}
            </ul>
          )}
        </>
      )}
      <p className="muted" aria-live="polite">
        {preview && loading ? "Updating prices…" : ""}
        {failure ? `The preview could not be updated: ${failure}` : ""}
      </p>
    </div>
  );
}

function Approvals({ needed }: { needed: Preview["approvalsNeeded"] }) {
  if (!needed.length) return <p>No approval needed.</p>;
  return (
    <div aria-label="Approvals needed" role="group">
      <p>On submit this order waits for:</p>
      <ul className="hint-warn">
        {needed.map((a) => (
          <li key={a.rule}>
            {a.reason} <span className="muted">({humanize(a.requiredRole).toLowerCase()})</span>
          </li>
        ))}
      </ul>
    </div>
  );
}
