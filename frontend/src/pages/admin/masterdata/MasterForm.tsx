import type { TFunction } from "i18next";
import { useState, type FormEvent, type ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { FormErrors, SelectField, TextField } from "../../../components/Field";
import { errorAt, type UserError } from "../../../lib/errors";

/** The admin screens' translate function: their own catalogue, and the common one by prefix. */
export type AdminT = TFunction<["admin", "common"]>;

/** One input of a master data form; `name` is the input field the server names in its errors. */
export type FieldSpec = {
  name: string;
  label: string;
  kind?: "text" | "number" | "date" | "select" | "checkbox";
  options?: readonly (readonly [string, string])[];
  required?: boolean;
  disabled?: boolean;
  hint?: ReactNode;
  inputMode?: "decimal" | "numeric";
};

/** A repeated group (contacts, addresses, lanes): its rows are `input.<name>.<i>.<sub>`;
 * `item` names one row ("Contact"). */
export type ListSpec = { name: string; label: string; item: string; fields: FieldSpec[] };

export type Values = Record<string, string | boolean>;
export type Rows = Record<string, Values[]>;

type Props = {
  label: string;
  fields: FieldSpec[];
  lists?: ListSpec[];
  initial: Values;
  initialRows?: Rows;
  submitLabel: string;
  errors: readonly UserError[];
  failure: string | null;
  busy: boolean;
  onSubmit: (values: Values, rows: Rows) => void | Promise<unknown>;
  onCancel?: () => void;
  /** More inputs (custom fields) after the form's own, given what is typed so far. */
  extra?: (values: Values) => ReactNode;
  /** The input list the extra inputs place their errors at themselves, e.g. "customFields". */
  extraName?: string;
};

/**
 * The one layout of the master data forms: every error the server names is shown at its
 * field, the rest above the buttons, and what the user typed stays until it is saved.
 */
export function MasterForm({ label, fields, lists = [], initial, initialRows = {}, submitLabel, errors, failure, busy, onSubmit, onCancel, extra, extraName }: Props) {
  const { t } = useTranslation(["admin", "common"]);
  const [values, setValues] = useState<Values>(initial);
  const [rows, setRows] = useState<Rows>(initialRows);
  const placed = new Set([...fields.map((f) => f.name), ...lists.map((l) => l.name)]);
  const shownByExtra = (f: readonly string[] | null) => !!extraName && f?.[1] === extraName && f.length > 2;
  const unplaced = errors.filter((e) => !placed.has(e.field?.[1] ?? "") && !shownByExtra(e.field)).map((e) => e.message);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    void onSubmit(values, rows);
  };
  const setRow = (list: string, i: number, name: string, value: string | boolean) =>
    setRows({ ...rows, [list]: (rows[list] ?? []).map((r, j) => (j === i ? { ...r, [name]: value } : r)) });
  return (
    <form className="master-form" aria-label={label} onSubmit={submit} noValidate>
      <div className="inline-form">
        {fields.map((f) => (
          <Input key={f.name} spec={f} value={values[f.name] ?? ""} error={errorAt(errors, "input", f.name)}
            onChange={(v) => setValues({ ...values, [f.name]: v })} />
        ))}
      </div>
      {lists.map((list) => (
        <fieldset key={list.name} className="master-list">
          <legend>{list.label}</legend>
          {errorAt(errors, "input", list.name) && <p className="field-error" role="alert">{errorAt(errors, "input", list.name)}</p>}
          {(rows[list.name] ?? []).map((row, i) => (
            <div key={i} className="inline-form" role="group" aria-label={t("masterForm.row", { item: list.item, n: i + 1 })}>
              {list.fields.map((f) => (
                <Input key={f.name} spec={f} value={row[f.name] ?? ""} error={errorAt(errors, "input", list.name, i, f.name)}
                  onChange={(v) => setRow(list.name, i, f.name, v)} />
              ))}
              <button type="button" onClick={() => setRows({ ...rows, [list.name]: (rows[list.name] ?? []).filter((_, j) => j !== i) })}>
                {t("masterForm.remove", { item: list.item.toLowerCase(), n: i + 1 })}
              </button>
            </div>
          ))}
          <button type="button" onClick={() => setRows({ ...rows, [list.name]: [...(rows[list.name] ?? []), blank(list.fields)] })}>
            {t("masterForm.add", { item: list.item.toLowerCase() })}
          </button>
        </fieldset>
      ))}
      {extra && <div className="inline-form">{extra(values)}</div>}
      <FormErrors messages={[...unplaced, ...(failure ? [failure] : [])]} />
      <div className="actions">
        <button type="submit" className="primary" disabled={busy}>{submitLabel}</button>
        {onCancel && <button type="button" onClick={onCancel}>{t("common:action.cancel")}</button>}
      </div>
    </form>
  );
}

function blank(fields: FieldSpec[]): Values {
  return Object.fromEntries(fields.map((f) => [f.name, f.kind === "checkbox" ? false : f.kind === "select" ? (f.options?.[0]?.[0] ?? "") : ""]));
}

function Input({ spec, value, error, onChange }: { spec: FieldSpec; value: string | boolean; error?: string; onChange: (v: string | boolean) => void }) {
  if (spec.kind === "checkbox")
    return (
      <label className="field field-check">
        <input type="checkbox" checked={value === true} disabled={spec.disabled} onChange={(e) => onChange(e.target.checked)} /> {spec.label}
        {error && <span className="field-error" role="alert">{error}</span>}
      </label>
    );
  if (spec.kind === "select")
    return (
      <SelectField label={spec.label} value={String(value)} error={error} hint={spec.hint} disabled={spec.disabled}
        onChange={(e) => onChange(e.target.value)}>
        {spec.options?.map(([v, text]) => <option key={v} value={v}>{text}</option>)}
      </SelectField>
    );
  return (
    <TextField label={spec.label} value={String(value)} error={error} hint={spec.hint} required={spec.required}
      disabled={spec.disabled} type={spec.kind === "date" ? "date" : "text"} inputMode={spec.inputMode}
      onChange={(e) => onChange(e.target.value)} />
  );
}

/** Text as the API takes it: trimmed, and null when empty. */
export function text(value: string | boolean | undefined): string | null {
  const s = typeof value === "string" ? value.trim() : "";
  return s === "" ? null : s;
}

/** A number field: null when empty; what is not a number goes as NaN-free text the server refuses. */
export function number(value: string | boolean | undefined): number | null {
  const s = text(value);
  return s === null ? null : Number(s);
}

/** Only the fields that differ from the record's values: an update sends what changed. */
export function changed(values: Values, initial: Values): Set<string> {
  return new Set(Object.keys(values).filter((k) => values[k] !== initial[k]));
}
