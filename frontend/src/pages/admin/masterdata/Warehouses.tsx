import { useState } from "react";
import { useQuery } from "urql";
import { useAction } from "../../../api/useAction";
import { Section } from "../../../components/Section";
import { ErrorState, Loading } from "../../../components/States";
import { MasterForm, number, text, type FieldSpec, type ListSpec, type Rows, type Values } from "./MasterForm";
import { CreateWarehouseMutation, UpdateWarehouseMutation, WarehousesQuery } from "./masterQueries";

const LANES: ListSpec = {
  name: "transitLanes", label: "Transit lanes", item: "Lane",
  fields: [{ name: "region", label: "Lane region" }, { name: "transitDays", label: "Transit days", inputMode: "numeric" }, { name: "carrier", label: "Carrier" }],
};
const CREATE: FieldSpec[] = [
  { name: "code", label: "Code", required: true }, { name: "name", label: "Name", required: true },
  { name: "region", label: "Region", required: true },
  { name: "latitude", label: "Latitude", inputMode: "decimal", required: true },
  { name: "longitude", label: "Longitude", inputMode: "decimal", required: true },
  { name: "gln", label: "GLN", hint: "13 digits with the check digit" }, { name: "address", label: "Address" },
];
const EDIT: FieldSpec[] = [
  { name: "name", label: "Name", required: true }, { name: "gln", label: "GLN", hint: "13 digits with the check digit" },
  { name: "address", label: "Address" }, { name: "active", label: "Active", kind: "checkbox" },
];

const lanesOf = (rows: Rows) =>
  (rows.transitLanes ?? []).map((r) => ({ region: String(r.region).trim(), transitDays: number(r.transitDays) ?? 0, carrier: text(r.carrier) }));

/** Warehouses (masterdata.edit): GS1 location numbers and the regions their lanes serve. */
export default function Warehouses() {
  const [{ data, error }, refetch] = useQuery({ query: WarehousesQuery });
  const reload = () => refetch({ requestPolicy: "network-only" });
  const create = useAction(CreateWarehouseMutation);
  const update = useAction(UpdateWarehouseMutation);
  const [editing, setEditing] = useState<string | null>(null);
  const [creating, setCreating] = useState(false);
  const [notice, setNotice] = useState<string | null>(null);
  if (error && !data) return <ErrorState error={error} retry={reload} />;
  if (!data) return <Loading label="Loading warehouses…" />;
  const current = data.warehouses.find((w) => w.id === editing) ?? null;

  const submitNew = async (v: Values, rows: Rows) => {
    const made = await create.run({ input: {
      code: String(v.code).trim(), name: String(v.name), region: String(v.region).trim(),
      latitude: number(v.latitude) ?? Number.NaN, longitude: number(v.longitude) ?? Number.NaN,
      gln: text(v.gln), address: text(v.address), transitLanes: lanesOf(rows), idempotencyKey: crypto.randomUUID(),
    } });
    if (made?.warehouse) {
      setCreating(false);
      setNotice(`Warehouse ${made.warehouse.code} created.`);
      reload();
    }
  };
  const submitEdit = async (v: Values, rows: Rows) => {
    if (!current) return;
    const saved = await update.run({ input: {
      warehouseId: current.id, name: String(v.name), gln: String(v.gln ?? "").trim(), address: String(v.address ?? ""),
      active: v.active === true, transitLanes: lanesOf(rows),
    } });
    if (saved?.warehouse) {
      setEditing(null);
      setNotice(`Warehouse ${saved.warehouse.code} saved.`);
      reload();
    }
  };

  return (
    <section aria-labelledby="warehouses-title">
      <h1 id="warehouses-title">Warehouses</h1>
      {notice && <p className="state" role="status">{notice}</p>}
      {!creating && <button type="button" className="primary" onClick={() => setCreating(true)}>New warehouse</button>}
      {creating && (
        <Section title="New warehouse">
          <MasterForm label="New warehouse" fields={CREATE} lists={[LANES]} initial={{}}
            initialRows={{ transitLanes: [{ region: "", transitDays: "1", carrier: "" }] }} submitLabel="Create warehouse"
            errors={create.userErrors} failure={create.failure} busy={create.busy} onSubmit={submitNew} onCancel={() => setCreating(false)} />
        </Section>
      )}
      {current && (
        <Section title={`Edit ${current.code}`}>
          <MasterForm key={current.id} label={`Edit ${current.code}`} fields={EDIT} lists={[LANES]}
            initial={{ name: current.name, gln: current.gln ?? "", address: current.address ?? "", active: current.active }}
            initialRows={{ transitLanes: current.transitLanes.map((l) => ({ region: l.region, transitDays: String(l.transitDays), carrier: l.carrier ?? "" })) }}
            submitLabel="Save warehouse" errors={update.userErrors} failure={update.failure} busy={update.busy}
            onSubmit={submitEdit} onCancel={() => setEditing(null)} />
        </Section>
      )}
      <Section title={`Warehouses (${data.warehouses.length})`}>
        <table>
          <thead><tr><th>Code</th><th>Name</th><th>GLN</th><th>Lanes</th><th>Status</th><th /></tr></thead>
          <tbody>
            {data.warehouses.map((w) => (
              <tr key={w.id}>
                <td>{w.code}</td><td>{w.name}</td><td>{w.gln}</td>
                <td>{w.transitLanes.map((l) => `${l.region} ${l.transitDays} d`).join(", ")}</td>
                <td>{w.active ? "Active" : "Inactive"}</td>
                <td><button type="button" onClick={() => { setEditing(w.id); setCreating(false); }}>Edit {w.code}</button></td>
              </tr>
            ))}
          </tbody>
        </table>
      </Section>
    </section>
  );
}
