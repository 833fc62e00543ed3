import { useState } from "react";
import { useTranslation } from "react-i18next";
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
  const { t } = useTranslation(["recalls", "common"]);
  const [params] = useSearchParams();
  const [lotIds, setLotIds] = useState<string[]>(params.getAll("lot"));
  const [step, setStep] = useState<1 | 2 | 3>(lotIds.length ? 2 : 1);

  return (
    <section aria-labelledby="wizard-title">
      <h1 id="wizard-title">{t("wizard.title")}</h1>
      <ol className="steps" aria-label={t("wizard.steps")}>
        {(["wizard.step.lots", "wizard.step.impact", "wizard.step.initiate"] as const).map((key, i) => (
          <li key={key} aria-current={step === i + 1 ? "step" : undefined}>
            {i + 1}. {t(key)}
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
              {t("common:action.back")}
            </button>
            <button type="button" className="primary" onClick={() => setStep(3)}>
              {t("wizard.continue")}
            </button>
          </div>
        </>
      )}
      {step === 3 && <Initiate lotIds={lotIds} onBack={() => setStep(2)} />}
    </section>
  );
}

function ChooseLots({ chosen, onChange, onNext }: { chosen: string[]; onChange: (ids: string[]) => void; onNext: () => void }) {
  const { t } = useTranslation("recalls");
  const [{ data, error }] = useQuery({ query: LotsQuery, variables: { status: ["RELEASED", "ON_HOLD", "QUARANTINE"], after: null } });
  if (error && !data) return <ErrorState error={error} />;
  if (!data) return <Loading label={t("wizard.loadingLots")} />;
  return (
    <fieldset className="card">
      <legend>{t("wizard.rootLots")}</legend>
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
          {t("wizard.previewImpact")}
        </button>
      </div>
    </fieldset>
  );
}

function Impact({ lotId }: { lotId: string }) {
  const { t } = useTranslation("recalls");
  const [{ data, error }] = useQuery({ query: ImpactQuery, variables: { lotId } });
  if (error && !data) return <ErrorState error={error} />;
  if (!data) return <Loading label={t("wizard.tracing")} />;
  const trace = data.trace;
  const units = trace.lots.reduce((sum, l) => sum + l.stock.reduce((s, b) => s + b.onHand, 0), 0);
  return (
    <Section title={t("wizard.impactOf", { lot: trace.root.lotNumber })}>
      <p>
        {t("wizard.impactSummary", {
          lots: trace.lots.length,
          units,
          serials: trace.serials.length,
          shipments: trace.shipments.length,
          customers: trace.customers.length,
        })}
      </p>
      <div className="columns">
        <div>
          <h3>{t("wizard.step.lots")}</h3>
          <ul className="plain">
            {trace.lots.map((l) => (
              <li key={l.id}>
                {l.lotNumber} {l.product.sku} <StatusChip status={l.status} />
              </li>
            ))}
          </ul>
        </div>
        <div>
          <h3>{t("wizard.customersToNotify")}</h3>
          {trace.customers.length === 0 ? (
            <Empty>{t("wizard.nothingShipped")}</Empty>
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
  const { t } = useTranslation(["recalls", "common"]);
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
      <TextField label={t("common:field.reason")} required value={reason} onChange={(e) => setReason(e.target.value)} error={reasonError} />
      <SelectField label={t("wizard.recallClass")} value={recallClass} onChange={(e) => setRecallClass(e.target.value as "II")}>
        <option value="I">{t("wizard.class.I")}</option>
        <option value="II">{t("wizard.class.II")}</option>
        <option value="III">{t("wizard.class.III")}</option>
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
          {t("common:action.back")}
        </button>
        <button type="submit" className="danger" disabled={!reason.trim()}>
          {t("wizard.initiate")}
        </button>
      </div>
    </form>
      {signing && (
        <SignatureDialog
          title={t("wizard.initiateTitle")}
          signer={session?.username ?? ""}
          meanings={[t("wizard.meaning")]}
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
