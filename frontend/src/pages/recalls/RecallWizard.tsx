import { useState } from "react";
import { useNavigate, useSearchParams } from "react-router";
import { useQuery } from "urql";
import { useAction } from "../../api/useAction";
import { useAuth } from "../../auth/AuthProvider";
import { FormErrors, SelectField, TextField } from "../../components/Field";
import { Section } from "../../components/Section";
import { SignatureDialog } from "../../components/SignatureDialog";
import { Empty, ErrorState, Loading } from "../../components/States";
import { StatusChip } from "../../components/StatusChip";
import { graphql } from "../../graphql";
import { errorAt } from "../../lib/errors";
import { LotsQuery } from "../lots/LotSearch";

const ImpactQuery = graphql(`
  query RecallImpact($lotId: ID!) {
    trace(lotId: $lotId, direction: FORWARD) {
      root {
        id
        lotNumber
      }
      lots {
        id
        lotNumber
        status
        product {
          id
          sku
        }
        stock {
          onHand
        }
      }
      serials {
        id
      }
      shipments {
        id
        number
        order {
          id
          number
        }
      }
      customers {
        id
        code
        name
      }
    }
  }
`);

const InitiateRecallMutation = graphql(`
  mutation InitiateRecall($input: InitiateRecallInput!) {
    initiateRecall(input: $input) {
      recall {
        id
        number
      }
      userErrors {
        field
        message
        code
      }
    }
  }
`);

/** Recall in three steps: choose root lots, preview the forward trace, initiate with a signature. */
export default function RecallWizard() {
  const [params] = useSearchParams();
  const [lotIds, setLotIds] = useState<string[]>(params.getAll("lot"));
  const [step, setStep] = useState<1 | 2 | 3>(lotIds.length ? 2 : 1);

  return (
    <section aria-labelledby="wizard-title">
      <h1 id="wizard-title">New recall</h1>
      <ol className="steps" aria-label="Steps">
        {["Lots", "Impact", "Initiate"].map((label, i) => (
          <li key={label} aria-current={step === i + 1 ? "step" : undefined}>
            {i + 1}. {label}
          </li>
        ))}
      </ol>
      {step === 1 && <ChooseLots chosen={lotIds} onChange={setLotIds} onNext={() => setStep(2)} />}
      {step === 2 && (
        <>
          {lotIds.map((id) => (
            <Impact key={id} lotId={id} />
          ))}
          <div className="actions">
            <button type="button" onClick={() => setStep(1)}>
              Back
            </button>
            <button type="button" className="primary" onClick={() => setStep(3)}>
              Continue
            </button>
          </div>
        </>
      )}
      {step === 3 && <Initiate lotIds={lotIds} onBack={() => setStep(2)} />}
    </section>
  );
}

function ChooseLots({ chosen, onChange, onNext }: { chosen: string[]; onChange: (ids: string[]) => void; onNext: () => void }) {
  const [{ data, error }] = useQuery({ query: LotsQuery, variables: { status: ["RELEASED", "ON_HOLD", "QUARANTINE"], after: null } });
  if (error && !data) return <ErrorState error={error} />;
  if (!data) return <Loading label="Loading lots…" />;
  return (
    <fieldset className="card">
      <legend>Root lots to recall</legend>
      {data.lots.edges.map(({ node }) => (
        <label key={node.id} className="check">
          <input
            type="checkbox"
            checked={chosen.includes(node.id)}
            onChange={(e) => onChange(e.target.checked ? [...chosen, node.id] : chosen.filter((id) => id !== node.id))}
          />
          {node.lotNumber} — {node.product.sku} <StatusChip status={node.status} />
        </label>
      ))}
      <div className="actions">
        <button type="button" className="primary" disabled={!chosen.length} onClick={onNext}>
          Preview impact
        </button>
      </div>
    </fieldset>
  );
}

function Impact({ lotId }: { lotId: string }) {
  const [{ data, error }] = useQuery({ query: ImpactQuery, variables: { lotId } });
  if (error && !data) return <ErrorState error={error} />;
  if (!data) return <Loading label="Tracing forward…" />;
  const trace = data.trace;
  const units = trace.lots.reduce((sum, l) => sum + l.stock.reduce((s, b) => s + b.onHand, 0), 0);
  return (
    <Section title={`Impact of recalling ${trace.root.lotNumber}`}>
      <p>
        {trace.lots.length} lot(s), {units} unit(s) still in stock, {trace.serials.length} serial(s),{" "}
        {trace.shipments.length} shipment(s) to {trace.customers.length} customer(s).
      </p>
      <div className="columns">
        <div>
          <h3>Lots</h3>
          <ul className="plain">
            {trace.lots.map((l) => (
              <li key={l.id}>
                {l.lotNumber} {l.product.sku} <StatusChip status={l.status} />
              </li>
            ))}
          </ul>
        </div>
        <div>
          <h3>Customers to notify</h3>
          {trace.customers.length === 0 ? (
            <Empty>None: nothing has shipped.</Empty>
          ) : (
            <ul className="plain">
              {trace.customers.map((c) => (
                <li key={c.id}>
                  {c.name} ({c.code})
                </li>
              ))}
            </ul>
          )}
        </div>
      </div>
    </Section>
  );
}

function Initiate({ lotIds, onBack }: { lotIds: string[]; onBack: () => void }) {
  const { session } = useAuth();
  const navigate = useNavigate();
  const [reason, setReason] = useState("");
  const [recallClass, setRecallClass] = useState<"I" | "II" | "III">("II");
  const [signing, setSigning] = useState(false);
  const action = useAction(InitiateRecallMutation);

  const reasonError = errorAt(action.userErrors, "input", "reason");
  // The signature dialog is a form of its own: it must not sit inside this one, or its Sign
  // button would submit this form (nested forms are not HTML) and nothing would be signed.
  return (
    <>
    <form
      className="card grid-form"
      onSubmit={(e) => {
        e.preventDefault();
        setSigning(true);
      }}
    >
      <TextField label="Reason" required value={reason} onChange={(e) => setReason(e.target.value)} error={reasonError} />
      <SelectField label="Recall class" value={recallClass} onChange={(e) => setRecallClass(e.target.value as "II")}>
        <option value="I">Class I — serious health hazard</option>
        <option value="II">Class II — temporary or reversible harm</option>
        <option value="III">Class III — unlikely to cause harm</option>
      </SelectField>
      {!signing && (
        <FormErrors
          messages={[
            ...action.userErrors.filter((e) => e.message !== reasonError).map((e) => e.message),
            ...(action.failure ? [action.failure] : []),
          ]}
        />
      )}
      <div className="actions">
        <button type="button" onClick={onBack}>
          Back
        </button>
        <button type="submit" className="danger" disabled={!reason.trim()}>
          Initiate recall…
        </button>
      </div>
    </form>
      {signing && (
        <SignatureDialog
          title="Initiate recall"
          signer={session?.username ?? ""}
          meanings={["Recall initiated: affected stock blocked and customers notified"]}
          busy={action.busy}
          errors={action.userErrors}
          failure={action.failure}
          onCancel={() => setSigning(false)}
          onSign={async (signature) => {
            const result = await action.run({ input: { lotIds, reason: reason.trim(), recallClass, signature } });
            if (result?.recall) navigate(`/recalls/${result.recall.id}`);
          }}
        />
      )}
    </>
  );
}
