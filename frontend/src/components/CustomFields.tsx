import { useState } from "react";
import { useTranslation } from "react-i18next";
import { useQuery } from "urql";
import { useAction } from "../api/useAction";
import { useAuth } from "../auth/AuthProvider";
import i18n, { currentLocale } from "../i18n";
import type { UserError } from "../lib/errors";
import { formatDate } from "../lib/format";
import { RecordCustomFieldsQuery, SetCustomFieldsMutation } from "./CustomFieldsQueries";
import { FormErrors, SelectField, TextField } from "./Field";
import { Section } from "./Section";

/** What a field input needs to know; records' values and definitions both fit. */
export type FieldShape = {
  key: string;
  label: string;
  type: string;
  required?: boolean;
  enumValues?: readonly string[];
  helpText?: string | null;
};
export type FieldValues = Record<string, string>;

/** How a stored value reads on screen: dates and numbers in the viewer's locale. */
export function displayValue(type: string, value: string | null | undefined): string {
  if (value == null || value === "") return "–";
  if (type === "DATE") return formatDate(value);
  if (type === "BOOLEAN") return i18n.t(value === "true" ? "state.yes" : "state.no");
  if (type === "NUMBER") {
    const n = Number(value);
    return Number.isFinite(n) ? new Intl.NumberFormat(currentLocale(), { maximumFractionDigits: 20 }).format(n) : value;
  }
  return value;
}

/** The values to send: every field shown, an empty one as null (which clears it). */
export function valuesInput(fields: readonly FieldShape[], values: FieldValues) {
  return fields.map((f) => ({ key: f.key, value: values[f.key]?.trim() ? values[f.key] : null }));
}

/** The error of field number `index` in a list sent at `path` (key or value). */
function errorOf(errors: readonly UserError[], path: readonly string[], index: number): string | undefined {
  const at = [...path, String(index)].join(".");
  return errors.find((e) => {
    const f = (e.field ?? []).join(".");
    return f === `${at}.value` || f === `${at}.key`;
  })?.message;
}

/** Errors about the list as a whole (a required field not given), for the form's summary. */
export function listErrors(errors: readonly UserError[], path: readonly string[]): string[] {
  const at = path.join(".");
  return errors.filter((e) => (e.field ?? []).join(".") === at).map((e) => e.message);
}

/** One labelled input per field, typed by the field's type; required ones are marked. */
export function CustomFieldInputs({
  fields,
  values,
  onChange,
  errors = [],
  path = ["input", "customFields"],
}: {
  fields: readonly FieldShape[];
  values: FieldValues;
  onChange: (values: FieldValues) => void;
  errors?: readonly UserError[];
  path?: readonly string[];
}) {
  const { t } = useTranslation("components");
  return (
    <>
      {fields.map((f, i) => {
        const label = f.required ? t("customFields.required", { label: f.label }) : f.label;
        const common = {
          label,
          value: values[f.key] ?? "",
          error: errorOf(errors, path, i),
          hint: f.helpText ?? undefined,
          onChange: (e: { target: { value: string } }) => onChange({ ...values, [f.key]: e.target.value }),
        };
        if (f.type === "ENUM" || f.type === "BOOLEAN") {
          const options = f.type === "BOOLEAN" ? ["true", "false"] : (f.enumValues ?? []);
          return (
            <SelectField key={f.key} {...common} required={f.required}>
              <option value="">–</option>
              {options.map((o) => (
                <option key={o} value={o}>
                  {f.type === "BOOLEAN" ? displayValue("BOOLEAN", o) : o}
                </option>
              ))}
            </SelectField>
          );
        }
        return (
          <TextField
            key={f.key}
            {...common}
            required={f.required}
            type={f.type === "DATE" ? "date" : "text"}
            inputMode={f.type === "NUMBER" ? "decimal" : undefined}
          />
        );
      })}
    </>
  );
}

/**
 * A record's custom fields by label, read by the record's id, with an edit control for
 * viewers holding `editPermission` (the record's own edit permission).
 */
export function CustomFieldsPanel({
  nodeId,
  editPermission,
  title,
}: {
  nodeId: string;
  editPermission?: string;
  title?: string;
}) {
  const { t } = useTranslation(["components", "common"]);
  const { can } = useAuth();
  const heading = title ?? t("customFields.title");
  const [{ data }, refetch] = useQuery({ query: RecordCustomFieldsQuery, variables: { id: nodeId } });
  const save = useAction(SetCustomFieldsMutation);
  const [editing, setEditing] = useState<FieldValues | null>(null);
  const node = data?.node;
  const fields = node && "customFields" in node ? (node.customFields ?? []) : [];
  if (!fields.length) return null;
  const mayEdit = !!editPermission && can(editPermission);
  const path = ["input", "values"];
  return (
    <Section
      title={heading}
      actions={
        mayEdit && !editing ? (
          <button type="button" onClick={() => setEditing(Object.fromEntries(fields.map((f) => [f.key, f.value ?? ""])))}>
            {t("customFields.edit")}
          </button>
        ) : undefined
      }
    >
      {editing ? (
        <form
          aria-label={t("customFields.edit")}
          onSubmit={async (e) => {
            e.preventDefault();
            const done = await save.run({ input: { nodeId, values: valuesInput(fields, editing) } });
            if (done) {
              setEditing(null);
              refetch({ requestPolicy: "network-only" });
            }
          }}
        >
          <CustomFieldInputs fields={fields} values={editing} onChange={setEditing} errors={save.userErrors} path={path} />
          <button type="submit" className="primary" disabled={save.busy}>
            {t("customFields.save")}
          </button>{" "}
          <button type="button" onClick={() => setEditing(null)}>
            {t("common:action.cancel")}
          </button>
          <FormErrors messages={[...listErrors(save.userErrors, path), ...(save.failure ? [save.failure] : [])]} />
        </form>
      ) : (
        <dl className="facts" aria-label={heading}>
          {fields.map((f) => (
            <div key={f.key}>
              <dt>{f.label}</dt>
              <dd>{displayValue(f.type, f.value)}</dd>
            </div>
          ))}
        </dl>
      )}
    </Section>
  );
}
