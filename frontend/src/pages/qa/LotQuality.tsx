import { useState, type FormEvent } from "react";
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
  const [{ data }, refetch] = useQuery({ query: LotQualityQuery, variables: { id: lotId } });
  const lot = data?.node && "holds" in data.node ? data.node : null;
  if (!lot) return null;
  const reload = () => {
    refetch({ requestPolicy: "network-only" });
    onChanged();
  };
  const task = lot.inspectionTasks.find((t) => t.status === "PENDING" && t.plan);
  return (
    <>
      <Section title="Holds">
        {lot.holds.length === 0 ? (
          <Empty>No hold on this lot.</Empty>
        ) : (
          <ul className="plain">
            {lot.holds.map((h) => (
              <li key={h.id}>
                {h.number}: {h.scope === "WHOLE_LOT" ? "whole lot" : `${h.quantity} units`} — {h.reason}{" "}
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
      <Section title="Retained samples">
        {lot.retainedSamples.length === 0 ? (
          <Empty>No retained sample.</Empty>
        ) : (
          <ul className="plain">
            {lot.retainedSamples.map((s) => (
              <li key={s.id}>
                {s.number}: {s.remainingQuantity} of {s.quantity} at {s.location}, kept until {formatDate(s.retainUntil)}
              </li>
            ))}
          </ul>
        )}
      </Section>
    </>
  );
}

function HoldForm({ lotId, warehouses, onDone }: { lotId: string; warehouses: { id: string; code: string }[]; onDone: () => void }) {
  const [open, setOpen] = useState(false);
  const [reason, setReason] = useState("");
  const [warehouseId, setWarehouseId] = useState("");
  const [quantity, setQuantity] = useState("");
  const action = useAction(PlaceQualityHoldMutation);
  if (!open)
    return (
      <div className="actions">
        <button type="button" onClick={() => setOpen(true)}>
          Hold…
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
    <form className="grid-form" aria-label="Place hold" onSubmit={submit}>
      <TextField label="Reason for the hold" required value={reason} onChange={(e) => setReason(e.target.value)} />
      <SelectField label="Warehouse" value={warehouseId} onChange={(e) => setWarehouseId(e.target.value)}>
        <option value="">Whole lot, every warehouse</option>
        {warehouses.map((w) => (
          <option key={w.id} value={w.id}>
            {w.code}
          </option>
        ))}
      </SelectField>
      <TextField label="Units to hold" type="number" min={1} value={quantity} onChange={(e) => setQuantity(e.target.value)} />
      <FormErrors messages={[...action.userErrors.map((e) => e.message), ...(action.failure ? [action.failure] : [])]} />
      <div className="actions">
        <button type="button" onClick={() => setOpen(false)}>
          Cancel
        </button>
        <button type="submit" className="danger" disabled={action.busy || !reason.trim()}>
          Place hold
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
    <Section title={`Inspection task (plan v${plan.version}, ${plan.sampleSize} samples)`}>
      <form className="grid-form" aria-label="Inspection task" onSubmit={submit}>
        {plan.characteristics.map((c) =>
          c.kind === "MEASURED" ? (
            <TextField
              key={c.code}
              label={`${c.name} (${c.unit ?? ""} ${String(c.lowerLimit ?? "")}–${String(c.upperLimit ?? "")}), ${plan.sampleSize} values`}
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
              <option value="yes">Pass</option>
              <option value="no">Fail</option>
            </SelectField>
          ),
        )}
        <FormErrors messages={[...action.userErrors.map((e) => e.message), ...(action.failure ? [action.failure] : [])]} />
        <div className="actions">
          <button type="submit" className="primary" disabled={action.busy}>
            Record results
          </button>
        </div>
      </form>
    </Section>
  );
}
