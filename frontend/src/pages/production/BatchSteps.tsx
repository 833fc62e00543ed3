import { useState } from "react";
import { useTranslation } from "react-i18next";
import { useQuery } from "urql";
import { useAction } from "../../api/useAction";
import { useAuth } from "../../auth/AuthProvider";
import { FormErrors, TextField } from "../../components/Field";
import { Section } from "../../components/Section";
import { SignatureDialog } from "../../components/SignatureDialog";
import { StatusChip } from "../../components/StatusChip";
import { BatchRecordQuery, RecordBatchStepMutation, VerifyBatchStepMutation } from "./productionQueries";

/** The batch record's steps: the operator enters and signs each step's values in turn;
 * someone else verifies where required. */
export function BatchSteps({ number, onChange }: { number: string; onChange: () => void }) {
  const { session, hasRole } = useAuth();
  const { t } = useTranslation("production");
  const [{ data }, refetch] = useQuery({ query: BatchRecordQuery, variables: { number } });
  const record = useAction(RecordBatchStepMutation);
  const verify = useAction(VerifyBatchStepMutation);
  const [values, setValues] = useState<Record<string, string>>({});
  const [comments, setComments] = useState<Record<number, string>>({});
  const [signing, setSigning] = useState<{ sequence: number; verify: boolean } | null>(null);
  const order = data?.workOrder;
  const batch = order?.batchRecord;
  if (!order || !batch) return null;
  const templates = new Map(order.bomVersion.batchSteps.map((s) => [s.sequence, s.parameters]));
  const reload = () => {
    refetch({ requestPolicy: "network-only" });
    onChange();
  };
  const operator = hasRole("OPERATOR");
  const verifier = hasRole("OPERATOR", "QA_INSPECTOR");
  const action = signing?.verify ? verify : record;
  return (
    <Section title={t("batchSteps.title")}>
      <p>
        <StatusChip status={batch.status} />
      </p>
      {batch.steps.map((step) => {
        const parameters = templates.get(step.sequence) ?? [];
        const key = (code: string) => `${step.sequence}:${code}`;
        return (
          <fieldset key={step.sequence} role="group" aria-label={step.title}>
            <legend>{step.title}</legend>
            <p>
              {step.instructions} <StatusChip status={step.status} />
            </p>
            {step.status === "PENDING" ? (
              parameters.map((p) =>
                p.kind === "PASS_FAIL" ? (
                  <div key={p.code} role="radiogroup" aria-label={p.name}>
                    {p.name}:{" "}
                    {["PASS", "FAIL"].map((v) => (
                      <label key={v}>
                        <input
                          type="radio"
                          name={key(p.code)}
                          value={v}
                          checked={values[key(p.code)] === v}
                          onChange={() => setValues({ ...values, [key(p.code)]: v })}
                        />
                        {v === "PASS" ? t("batchSteps.pass") : t("batchSteps.fail")}
                      </label>
                    ))}
                  </div>
                ) : (
                  <TextField
                    key={p.code}
                    label={p.name}
                    hint={p.kind === "NUMERIC" ? t("batchSteps.range", { min: p.min ?? "–", max: p.max ?? "–", unit: p.unit ?? "" }) : undefined}
                    value={values[key(p.code)] ?? ""}
                    onChange={(e) => setValues({ ...values, [key(p.code)]: e.target.value })}
                  />
                ),
              )
            ) : (
              <ul>
                {step.values.map((v) => (
                  <li key={v.parameter.code}>
                    {parameters.find((p) => p.code === v.parameter.code)?.name ?? v.parameter.code}: {v.value}
                    {!v.withinLimits && (
                      <strong>
                        {" "}
                        {t("batchSteps.outOfLimits")}
                        {v.deviation && <> — {t("batchSteps.deviation", { number: v.deviation.number })}</>}
                      </strong>
                    )}
                  </li>
                ))}
                {step.comment && <li>{t("batchSteps.commentWas", { comment: step.comment })}</li>}
                {step.performed && <li>{t("batchSteps.performedBy", { name: step.performed.signer.username })}</li>}
                {step.verified && <li>{t("batchSteps.verifiedBy", { name: step.verified.signer.username })}</li>}
              </ul>
            )}
            {step.status === "PENDING" && operator && (
              <>
                <TextField
                  label={t("batchSteps.comment")}
                  value={comments[step.sequence] ?? ""}
                  onChange={(e) => setComments({ ...comments, [step.sequence]: e.target.value })}
                />
                <button type="button" onClick={() => setSigning({ sequence: step.sequence, verify: false })}>
                  {t("batchSteps.sign")}
                </button>
              </>
            )}
            {step.status === "DONE" && step.requiresVerification && verifier && step.performed?.signer.username !== session?.username && (
              <button type="button" onClick={() => setSigning({ sequence: step.sequence, verify: true })}>
                {t("batchSteps.verify")}
              </button>
            )}
          </fieldset>
        );
      })}
      <FormErrors messages={[...record.userErrors, ...verify.userErrors].map((e) => e.message)} />
      {signing && (
        <SignatureDialog
          title={signing.verify ? t("batchSteps.verify") : t("batchSteps.sign")}
          signer={session?.username ?? ""}
          meanings={signing.verify ? [t("batchSteps.meaningVerified")] : [t("batchSteps.meaningPerformed")]}
          busy={action.busy}
          errors={action.userErrors}
          failure={action.failure}
          onCancel={() => setSigning(null)}
          onSign={async (signature) => {
            const parameters = templates.get(signing.sequence) ?? [];
            const done = signing.verify
              ? await verify.run({ input: { workOrderId: order.id, stepSequence: signing.sequence, signature } })
              : await record.run({
                  input: {
                    workOrderId: order.id,
                    stepSequence: signing.sequence,
                    signature,
                    comment: comments[signing.sequence] || null,
                    values: parameters.map((p) => ({ code: p.code, value: values[`${signing.sequence}:${p.code}`] ?? "" })),
                  },
                });
            if (done) {
              setSigning(null);
              reload();
            }
          }}
        />
      )}
    </Section>
  );
}
