import { SelectField, TextField } from "../../components/Field";
import { errorAt, type UserError } from "../../lib/errors";
import { humanize } from "../../lib/format";

export type ActionDraft = { kind: "CORRECTIVE" | "PREVENTIVE"; description: string; ownerId: string; dueOn: string };

export const emptyAction = (dueOn: string): ActionDraft => ({ kind: "CORRECTIVE", description: "", ownerId: "", dueOn });

/** The fields of one CAPA action; errors are read at `at` (e.g. ["input", "action"]). */
export function ActionFields({
  value,
  onChange,
  users,
  errors,
  at,
}: {
  value: ActionDraft;
  onChange: (value: ActionDraft) => void;
  users: readonly { id: string; displayName: string }[];
  errors: readonly UserError[];
  at: string[];
}) {
  const err = (field: string) => errorAt(errors, ...at, field);
  return (
    <>
      <SelectField
        label="Action kind"
        value={value.kind}
        onChange={(e) => onChange({ ...value, kind: e.target.value as ActionDraft["kind"] })}
      >
        {(["CORRECTIVE", "PREVENTIVE"] as const).map((k) => (
          <option key={k} value={k}>
            {humanize(k)}
          </option>
        ))}
      </SelectField>
      <TextField
        label="Action"
        value={value.description}
        onChange={(e) => onChange({ ...value, description: e.target.value })}
        error={err("description")}
      />
      <SelectField
        label="Action owner"
        value={value.ownerId}
        onChange={(e) => onChange({ ...value, ownerId: e.target.value })}
        error={err("ownerId")}
      >
        {users.map((u) => (
          <option key={u.id} value={u.id}>
            {u.displayName}
          </option>
        ))}
      </SelectField>
      <TextField
        label="Action due"
        type="date"
        value={value.dueOn}
        onChange={(e) => onChange({ ...value, dueOn: e.target.value })}
        error={err("dueOn")}
      />
    </>
  );
}
