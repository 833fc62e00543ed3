import { useId } from "react";
import { useTranslation } from "react-i18next";
import { SelectField, TextField } from "../../../components/Field";
import type { UserError } from "../../../lib/errors";
import { enumLabel } from "../../../i18n/enumLabel";
import { errorAt } from "../../../lib/errors";
import { DEVICE_CLASSES, ENTITIES, TYPES, entityLabel, splitList } from "./customFieldQueries";

export type DefinitionDraft = {
  entity: string;
  key: string;
  label: string;
  type: string;
  enumValues: string;
  required: boolean;
  productLines: string;
  deviceClasses: string[];
  visibleToPartners: boolean;
  helpText: string;
};

export const EMPTY_DRAFT: DefinitionDraft = {
  entity: "SALES_ORDER",
  key: "",
  label: "",
  type: "TEXT",
  enumValues: "",
  required: false,
  productLines: "",
  deviceClasses: [],
  visibleToPartners: false,
  helpText: "",
};

/** The parts both creating and changing a definition send. */
export function draftInput(d: DefinitionDraft) {
  const scoped = d.entity === "PRODUCT" || d.entity === "LOT";
  return {
    label: d.label,
    required: d.required,
    enumValues: d.type === "ENUM" ? splitList(d.enumValues) : null,
    productLines: scoped ? splitList(d.productLines) : null,
    deviceClasses: scoped ? (d.deviceClasses as never[]) : null,
    visibleToPartners: d.visibleToPartners,
    helpText: d.helpText,
  };
}

function Check({ label, checked, onChange }: { label: string; checked: boolean; onChange: (v: boolean) => void }) {
  const id = useId();
  return (
    <div className="field field-check">
      <input id={id} type="checkbox" checked={checked} onChange={(e) => onChange(e.target.checked)} />
      <label htmlFor={id}>{label}</label>
    </div>
  );
}

/** The fields of a definition; entity, key and type only when creating (they never change). */
export function DefinitionFields({
  draft,
  onChange,
  errors,
  creating,
}: {
  draft: DefinitionDraft;
  onChange: (d: DefinitionDraft) => void;
  errors: readonly UserError[];
  creating: boolean;
}) {
  const { t } = useTranslation("admin");
  const [d, set] = [draft, (patch: Partial<DefinitionDraft>) => onChange({ ...draft, ...patch })];
  const err = (name: string) => errorAt(errors, "input", name);
  const scoped = d.entity === "PRODUCT" || d.entity === "LOT";
  return (
    <>
      {creating && (
        <>
          <SelectField label={t("customFields.entity")} value={d.entity} onChange={(e) => set({ entity: e.target.value })} error={err("entity")}>
            {ENTITIES.map((e) => (
              <option key={e} value={e}>
                {entityLabel(e)}
              </option>
            ))}
          </SelectField>
          <TextField
            label={t("customFields.key")}
            value={d.key}
            onChange={(e) => set({ key: e.target.value })}
            error={err("key")}
            hint={t("definition.keyHint")}
            required
          />
        </>
      )}
      <TextField label={t("customFields.label")} value={d.label} onChange={(e) => set({ label: e.target.value })} error={err("label")} required />
      {creating && (
        <SelectField label={t("customFields.type")} value={d.type} onChange={(e) => set({ type: e.target.value })} error={err("type")}>
          {TYPES.map((type) => (
            <option key={type} value={type}>
              {enumLabel(type)}
            </option>
          ))}
        </SelectField>
      )}
      {d.type === "ENUM" && (
        <TextField
          label={t("definition.values")}
          value={d.enumValues}
          onChange={(e) => set({ enumValues: e.target.value })}
          error={err("enumValues")}
          hint={t("definition.valuesHint")}
        />
      )}
      <Check label={t("customFields.required")} checked={d.required} onChange={(required) => set({ required })} />
      {scoped && (
        <>
          <TextField
            label={t("definition.productLines")}
            value={d.productLines}
            onChange={(e) => set({ productLines: e.target.value })}
            error={err("productLines")}
            hint={t("definition.productLinesHint")}
          />
          <fieldset className="field">
            <legend>{t("definition.deviceClasses")}</legend>
            {DEVICE_CLASSES.map((c) => (
              <Check
                key={c}
                label={t("definition.deviceClass", { cls: c })}
                checked={d.deviceClasses.includes(c)}
                onChange={(on) =>
                  set({ deviceClasses: on ? [...d.deviceClasses, c] : d.deviceClasses.filter((x) => x !== c) })
                }
              />
            ))}
          </fieldset>
        </>
      )}
      <Check label={t("definition.visibleToPartners")} checked={d.visibleToPartners} onChange={(visibleToPartners) => set({ visibleToPartners })} />
      <TextField label={t("definition.helpText")} value={d.helpText} onChange={(e) => set({ helpText: e.target.value })} error={err("helpText")} />
    </>
  );
}
