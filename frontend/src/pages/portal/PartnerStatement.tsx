import { Statement } from "../finance/Statement";

/** A partner's own statement, with its PDF. */
export default function PartnerStatement() {
  return (
    <section aria-labelledby="partner-statement-title">
      <div className="page-head">
        <h1 id="partner-statement-title">Statement</h1>
      </div>
      <Statement />
    </section>
  );
}
