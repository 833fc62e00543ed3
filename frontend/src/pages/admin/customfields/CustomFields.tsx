import { useState } from "react";
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

function appliesTo(d: Definition): string {
  const parts = [
    d.productLines.length ? d.productLines.join(", ") : null,
    d.deviceClasses.length ? `class ${d.deviceClasses.join(", ")}` : null,
  ].filter(Boolean);
  return parts.length ? parts.join("; ") : "Every record";
}

/** Custom fields (config.edit): fields added per kind of record, listed per entity. */
export default function CustomFields() {
  const [{ data, error }, refetch] = useQuery({ query: DefinitionsQuery });
  const reload = () => refetch({ requestPolicy: "network-only" });
  const create = useAction(CreateDefinitionMutation);
  const update = useAction(UpdateDefinitionMutation);
  const [entity, setEntity] = useState("");
  const [draft, setDraft] = useState<DefinitionDraft>(EMPTY_DRAFT);
  const [editing, setEditing] = useState<{ id: string; draft: DefinitionDraft } | null>(null);
  const [saved, setSaved] = useState<string | null>(null);
  if (error && !data) return <ErrorState error={error} retry={reload} />;
  if (!data) return <Loading label="Loading custom fields…" />;
  const shown = data.customFieldDefinitions.filter((d) => !entity || d.entity === entity);

  return (
    <section aria-labelledby="custom-fields-title">
      <h1 id="custom-fields-title">Custom fields</h1>
      <Section
        title="Fields"
        actions={
          <SelectField label="Entity" value={entity} onChange={(e) => setEntity(e.target.value)}>
            <option value="">All entities</option>
            {ENTITIES.map((e) => (
              <option key={e.value} value={e.value}>
                {e.label}
              </option>
            ))}
          </SelectField>
        }
      >
        <table className="data" aria-label="Custom fields">
          <thead>
            <tr>
              <th scope="col">Entity</th>
              <th scope="col">Label</th>
              <th scope="col">Key</th>
              <th scope="col">Type</th>
              <th scope="col">Required</th>
              <th scope="col">Applies to</th>
              <th scope="col">Partners</th>
              <th scope="col">Active</th>
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
                <td>{d.required ? "Yes" : "No"}</td>
                <td>{appliesTo(d)}</td>
                <td>{d.visibleToPartners ? "Visible" : "Hidden"}</td>
                <td>{d.active ? "Yes" : "No"}</td>
                <td>
                  <button type="button" onClick={() => setEditing({ id: d.id, draft: draftOf(d) })} aria-label={`Edit ${d.label}`}>
                    Edit
                  </button>{" "}
                  <button
                    type="button"
                    aria-label={`${d.active ? "Deactivate" : "Activate"} ${d.label}`}
                    onClick={async () => {
                      if (await update.run({ input: { definitionId: d.id, active: !d.active } })) reload();
                    }}
                  >
                    {d.active ? "Deactivate" : "Activate"}
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        {shown.length === 0 && <p className="muted">No custom fields yet.</p>}
        {!editing && <FormErrors messages={messagesOf(update)} />}
      </Section>
      <Section title="New field">
        <form
          className="inline-form"
          aria-label="New field"
          onSubmit={async (e) => {
            e.preventDefault();
            setSaved(null);
            const made = await create.run({
              input: { ...draftInput(draft), entity: draft.entity as never, key: draft.key, type: draft.type as never },
            });
            if (made) {
              setSaved(`Created ${draft.label} (${made.definition?.key ?? draft.key})`);
              setDraft({ ...EMPTY_DRAFT, entity: draft.entity });
              reload();
            }
          }}
        >
          <DefinitionFields draft={draft} onChange={setDraft} errors={create.userErrors} creating />
          <button type="submit" className="primary" disabled={create.busy}>
            Create field
          </button>
        </form>
        {saved && <p role="status">{saved}</p>}
        <FormErrors messages={messagesOf(create)} />
      </Section>
      {editing && (
        <Dialog title={`Edit ${editing.draft.label}`} onClose={() => setEditing(null)}>
          <form
            aria-label="Edit field"
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
              Save field
            </button>
            <FormErrors messages={messagesOf(update)} />
          </form>
        </Dialog>
      )}
    </section>
  );
}
