import { useTranslation } from "react-i18next";
import { SelectField, TextField } from "../../components/Field";
import { enumLabel } from "../../i18n/enumLabel";
import { errorAt, type UserError } from "../../lib/errors";

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
  const { t } = useTranslation("qa");
  const err = (field: string) => errorAt(errors, ...at, field);
  return (
    <>
      <SelectField
        label={t("capaAction.kind")}
        value={value.kind}
        onChange={(e) => onChange({ ...value, kind: e.target.value as ActionDraft["kind"] })}
      >
        {(["CORRECTIVE", "PREVENTIVE"] as const).map((k) => (
          <option key={k} value={k}>
            {enumLabel(k)}
          </option>
        ))}
      </SelectField>
      <TextField
        label={t("capaAction.action")}
        value={value.description}
        onChange={(e) => onChange({ ...value, description: e.target.value })}
        error={err("description")}
      />
      <SelectField
        label={t("capaAction.owner")}
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
        label={t("capaAction.due")}
        type="date"
        value={value.dueOn}
        onChange={(e) => onChange({ ...value, dueOn: e.target.value })}
        error={err("dueOn")}
      />
    </>
  );
}
