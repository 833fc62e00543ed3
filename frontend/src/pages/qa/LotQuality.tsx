import { useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import { useQuery } from "urql";
import { useAction } from "../../api/useAction";
import { useAuth } from "../../auth/AuthProvider";
import { FormErrors, SelectField, TextField } from "../../components/Field";
import { Section } from "../../components/Section";
import { Empty } from "../../components/States";
import { StatusChip } from "../../components/StatusChip";
import { graphql } from "../../graphql";
import { formatDate } from "../../lib/format";
import { PlaceQualityHoldMutation } from "./qaQueries";

const LotQualityQuery = graphql(`
  query LotQuality($id: ID!) {
    node(id: $id) {
      ... on Lot {
        id
        stock {
          onHand
          warehouse {
            id
            code
          }
        }
        holds {
          id
          number
          scope
          status
          quantity
          reason
        }
        inspectionTasks {
          id
          kind
          status
          plan {
            id
            version
            sampleSize
            characteristics {
              code
              name
              kind
              unit
              lowerLimit
              upperLimit
            }
          }
        }
        retainedSamples {
          id
          number
          location
          quantity
          remainingQuantity
          retainUntil
        }
      }
    }
  }
`);

const RecordResultsMutation = graphql(`
  mutation RecordInspectionResults($input: RecordInspectionResultsInput!) {
    recordInspectionResults(input: $input) {
      inspection {
        id
        result
      }
      userErrors {
        field
        message
        code
      }
    }
  }
`);

/** A lot's holds (Hold… for warehouse and QA), its planned inspection task, its retained samples. */
export function LotQuality({ lotId, onChanged }: { lotId: string; onChanged: () => void }) {
  const { hasRole } = useAuth();
  const { t } = useTranslation("qa");
  const [{ data }, refetch] = useQuery({ query: LotQualityQuery, variables: { id: lotId } });
  const lot = data?.node && "holds" in data.node ? data.node : null;
  if (!lot) return null;
  const reload = () => {
    refetch({ requestPolicy: "network-only" });
    onChanged();
  };
  const task = lot.inspectionTasks.find((k) => k.status === "PENDING" && k.plan);
  return (
    <>
      <Section title={t("lotQuality.holds")}>
        {lot.holds.length === 0 ? (
          <Empty>{t("lotQuality.noHold")}</Empty>
        ) : (
          <ul className="plain">
            {lot.holds.map((h) => (
              <li key={h.id}>
                {h.number}: {h.scope === "WHOLE_LOT" ? t("lotQuality.wholeLot") : t("work.units", { quantity: h.quantity })} — {h.reason}{" "}
                <StatusChip status={h.status} />
              </li>
            ))}
          </ul>
        )}
        {hasRole("WAREHOUSE", "QA_INSPECTOR", "QA_MANAGER") && (
          <HoldForm lotId={lot.id} warehouses={lot.stock.map((s) => s.warehouse)} onDone={reload} />
        )}
      </Section>
      {task?.plan && hasRole("QA_INSPECTOR") && <TaskForm taskId={task.id} plan={task.plan} onDone={reload} />}
      <Section title={t("lotQuality.retainedSamples")}>
        {lot.retainedSamples.length === 0 ? (
          <Empty>{t("lotQuality.noSample")}</Empty>
        ) : (
          <ul className="plain">
            {lot.retainedSamples.map((s) => (
              <li key={s.id}>
                {t("lotQuality.sample", {
                  number: s.number,
                  remaining: s.remainingQuantity,
                  quantity: s.quantity,
                  location: s.location,
                  until: formatDate(s.retainUntil),
                })}
              </li>
            ))}
          </ul>
        )}
      </Section>
    </>
  );
}

function HoldForm({ lotId, warehouses, onDone }: { lotId: string; warehouses: { id: string; code: string }[]; onDone: () => void }) {
  const { t } = useTranslation(["qa", "common"]);
  const [open, setOpen] = useState(false);
  const [reason, setReason] = useState("");
  const [warehouseId, setWarehouseId] = useState("");
  const [quantity, setQuantity] = useState("");
  const action = useAction(PlaceQualityHoldMutation);
  if (!open)
    return (
      <div className="actions">
        <button type="button" onClick={() => setOpen(true)}>
          {t("lotQuality.hold")}
        </button>
      </div>
    );
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const done = await action.run({
      input: {
        lotId,
        reason: reason.trim(),
        warehouseId: warehouseId || null,
        quantity: quantity ? Number(quantity) : null,
      },
    });
    if (done) {
      setOpen(false);
      onDone();
    }
  };
  return (
    <form className="grid-form" aria-label={t("lotQuality.placeHold")} onSubmit={submit}>
      <TextField label={t("lotQuality.holdReason")} required value={reason} onChange={(e) => setReason(e.target.value)} />
      <SelectField label={t("common:field.warehouse")} value={warehouseId} onChange={(e) => setWarehouseId(e.target.value)}>
        <option value="">{t("lotQuality.everyWarehouse")}</option>
        {warehouses.map((w) => (
          <option key={w.id} value={w.id}>
            {w.code}
          </option>
        ))}
      </SelectField>
      <TextField label={t("lotQuality.unitsToHold")} type="number" min={1} value={quantity} onChange={(e) => setQuantity(e.target.value)} />
      <FormErrors messages={[...action.userErrors.map((e) => e.message), ...(action.failure ? [action.failure] : [])]} />
      <div className="actions">
        <button type="button" onClick={() => setOpen(false)}>
          {t("common:action.cancel")}
        </button>
        <button type="submit" className="danger" disabled={action.busy || !reason.trim()}>
          {t("lotQuality.placeHold")}
        </button>
      </div>
    </form>
  );
}

type Plan = {
  version: number;
  sampleSize: number;
  characteristics: readonly { code: string; name: string; kind: string; unit: string | null; lowerLimit: unknown; upperLimit: unknown }[];
};

function TaskForm({ taskId, plan, onDone }: { taskId: string; plan: Plan; onDone: () => void }) {
  const { t } = useTranslation("qa");
  const [values, setValues] = useState<Record<string, string>>({});
  const action = useAction(RecordResultsMutation);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const measurements = plan.characteristics.map((c) =>
      c.kind === "MEASURED"
        ? { code: c.code, values: (values[c.code] ?? "").split(/[\s,;]+/).filter(Boolean) }
        : { code: c.code, passed: (values[c.code] ?? "yes") === "yes" },
    );
    if (await action.run({ input: { taskId, measurements } })) onDone();
  };
  return (
    <Section title={t("lotQuality.taskTitle", { version: plan.version, sampleSize: plan.sampleSize })}>
      <form className="grid-form" aria-label={t("lotQuality.task")} onSubmit={submit}>
        {plan.characteristics.map((c) =>
          c.kind === "MEASURED" ? (
            <TextField
              key={c.code}
              label={t("lotQuality.measuredLabel", {
                name: c.name,
                unit: c.unit ?? "",
                lower: String(c.lowerLimit ?? ""),
                upper: String(c.upperLimit ?? ""),
                sampleSize: plan.sampleSize,
              })}
              value={values[c.code] ?? ""}
              onChange={(e) => setValues({ ...values, [c.code]: e.target.value })}
            />
          ) : (
            <SelectField
              key={c.code}
              label={c.name}
              value={values[c.code] ?? "yes"}
              onChange={(e) => setValues({ ...values, [c.code]: e.target.value })}
            >
              <option value="yes">{t("lotQuality.pass")}</option>
              <option value="no">{t("lotQuality.fail")}</option>
            </SelectField>
          ),
        )}
        <FormErrors messages={[...action.userErrors.map((e) => e.message), ...(action.failure ? [action.failure] : [])]} />
        <div className="actions">
          <button type="submit" className="primary" disabled={action.busy}>
            {t("lotQuality.recordResults")}
          </button>
        </div>
      </form>
    </Section>
  );
}
