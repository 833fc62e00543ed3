import type { TFunction } from "i18next";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { useQuery } from "urql";
import { useAction } from "../../../api/useAction";
import { FormErrors, SelectField } from "../../../components/Field";
import { Section } from "../../../components/Section";
import { ErrorState, Loading } from "../../../components/States";
import type { ResultOf } from "../../../graphql";
import { Dialog } from "../../finance/Dialog";
import { CreateDefinitionMutation, DefinitionsQuery, ENTITIES, UpdateDefinitionMutation, entityLabel } from "./customFieldQueries";
import { DefinitionFields, EMPTY_DRAFT, draftInput, type DefinitionDraft } from "./DefinitionForm";

type Definition = ResultOf<typeof DefinitionsQuery>["customFieldDefinitions"][number];
const PLACED = new Set(["entity", "key", "label", "type", "enumValues", "productLines", "deviceClasses", "helpText"]);

const messagesOf = (action: { userErrors: readonly { field: readonly string[] | null; message: string }[]; failure: string | null }) => [
  ...action.userErrors.filter((e) => !(e.field && PLACED.has(String(e.field[1])))).map((e) => e.message),
  ...(action.failure ? [action.failure] : []),
];

function draftOf(d: Definition): DefinitionDraft {
  return {
    entity: d.entity,
    key: d.key,
    label: d.label,
    type: d.type,
    enumValues: d.enumValues.join(", "),
    required: d.required,
    productLines: d.productLines.join(", "),
    deviceClasses: [...d.deviceClasses],
    visibleToPartners: d.visibleToPartners,
    helpText: d.helpText ?? "",
  };
}

function appliesTo(t: TFunction<"admin">, d: Definition): string {
  const parts = [
    d.productLines.length ? d.productLines.join(", ") : null,
    d.deviceClasses.length ? t("customFields.classes", { classes: d.deviceClasses.join(", ") }) : null,
  ].filter(Boolean);
  return parts.length ? parts.join("; ") : t("customFields.everyRecord");
}

/** Custom fields (config.edit): fields added per kind of record, listed per entity. */
export default function CustomFields() {
  const { t } = useTranslation(["admin", "common"]);
  const [{ data, error }, refetch] = useQuery({ query: DefinitionsQuery });
  const reload = () => refetch({ requestPolicy: "network-only" });
  const create = useAction(CreateDefinitionMutation);
  const update = useAction(UpdateDefinitionMutation);
  const [entity, setEntity] = useState("");
  const [draft, setDraft] = useState<DefinitionDraft>(EMPTY_DRAFT);
  const [editing, setEditing] = useState<{ id: string; draft: DefinitionDraft } | null>(null);
  const [saved, setSaved] = useState<string | null>(null);
  if (error && !data) return <ErrorState error={error} retry={reload} />;
  if (!data) return <Loading label={t("customFields.loading")} />;
  const shown = data.customFieldDefinitions.filter((d) => !entity || d.entity === entity);

  return (
    <section aria-labelledby="custom-fields-title">
      <h1 id="custom-fields-title">{t("customFields.title")}</h1>
      <Section
        title={t("customFields.fields")}
        actions={
          <SelectField label={t("customFields.entity")} value={entity} onChange={(e) => setEntity(e.target.value)}>
            <option value="">{t("customFields.allEntities")}</option>
            {ENTITIES.map((e) => (
              <option key={e} value={e}>
                {entityLabel(e)}
              </option>
            ))}
          </SelectField>
        }
      >
        <table className="data" aria-label={t("customFields.title")}>
          <thead>
            <tr>
              <th scope="col">{t("customFields.entity")}</th>
              <th scope="col">{t("customFields.label")}</th>
              <th scope="col">{t("customFields.key")}</th>
              <th scope="col">{t("customFields.type")}</th>
              <th scope="col">{t("customFields.required")}</th>
              <th scope="col">{t("customFields.appliesTo")}</th>
              <th scope="col">{t("customFields.partners")}</th>
              <th scope="col">{t("customFields.active")}</th>
              <th scope="col" />
            </tr>
          </thead>
          <tbody>
            {shown.map((d) => (
              <tr key={d.id}>
                <td>{entityLabel(d.entity)}</td>
                <td>
                  {d.label}
                  {d.helpText && <div className="muted">{d.helpText}</div>}
                </td>
                <td>
                  <code>{d.key}</code>
                </td>
                <td>
                  {d.type}
                  {d.enumValues.length > 0 && <div className="muted">{d.enumValues.join(", ")}</div>}
                </td>
                <td>{d.required ? t("common:state.yes") : t("common:state.no")}</td>
                <td>{appliesTo(t, d)}</td>
                <td>{d.visibleToPartners ? t("customFields.visible") : t("customFields.hidden")}</td>
                <td>{d.active ? t("common:state.yes") : t("common:state.no")}</td>
                <td>
                  <button type="button" onClick={() => setEditing({ id: d.id, draft: draftOf(d) })} aria-label={t("customFields.editNamed", { label: d.label })}>
                    {t("common:action.edit")}
                  </button>{" "}
                  <button
                    type="button"
                    aria-label={t(d.active ? "customFields.deactivateNamed" : "customFields.activateNamed", { label: d.label })}
                    onClick={async () => {
                      if (await update.run({ input: { definitionId: d.id, active: !d.active } })) reload();
                    }}
                  >
                    {d.active ? t("customFields.deactivate") : t("customFields.activate")}
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        {shown.length === 0 && <p className="muted">{t("customFields.none")}</p>}
        {!editing && <FormErrors messages={messagesOf(update)} />}
      </Section>
      <Section title={t("customFields.newField")}>
        <form
          className="inline-form"
          aria-label={t("customFields.newField")}
          onSubmit={async (e) => {
            e.preventDefault();
            setSaved(null);
            const made = await create.run({
              input: { ...draftInput(draft), entity: draft.entity as never, key: draft.key, type: draft.type as never },
            });
            if (made) {
              setSaved(t("customFields.created", { label: draft.label, key: made.definition?.key ?? draft.key }));
              setDraft({ ...EMPTY_DRAFT, entity: draft.entity });
              reload();
            }
          }}
        >
          <DefinitionFields draft={draft} onChange={setDraft} errors={create.userErrors} creating />
          <button type="submit" className="primary" disabled={create.busy}>
            {t("customFields.create")}
          </button>
        </form>
        {saved && <p role="status">{saved}</p>}
        <FormErrors messages={messagesOf(create)} />
      </Section>
      {editing && (
        <Dialog title={t("customFields.editNamed", { label: editing.draft.label })} onClose={() => setEditing(null)}>
          <form
            aria-label={t("customFields.editField")}
            onSubmit={async (e) => {
              e.preventDefault();
              if (await update.run({ input: { definitionId: editing.id, ...draftInput(editing.draft) } })) {
                setEditing(null);
                reload();
              }
            }}
          >
            <DefinitionFields
              draft={editing.draft}
              onChange={(d) => setEditing({ ...editing, draft: d })}
              errors={update.userErrors}
              creating={false}
            />
            <button type="submit" className="primary" disabled={update.busy}>
              {t("customFields.save")}
            </button>
            <FormErrors messages={messagesOf(update)} />
          </form>
        </Dialog>
      )}
    </section>
  );
}
