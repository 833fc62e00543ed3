import { useState } from "react";
import { useTranslation } from "react-i18next";
import { useQuery } from "urql";
import { useAction } from "../../../api/useAction";
import { Section } from "../../../components/Section";
import { ErrorState, Loading } from "../../../components/States";
import { MasterForm, number, text, type AdminT, type FieldSpec, type ListSpec, type Rows, type Values } from "./MasterForm";
import { CreateWarehouseMutation, UpdateWarehouseMutation, WarehousesQuery } from "./masterQueries";

const lanes = (t: AdminT): ListSpec => ({
  name: "transitLanes", label: t("warehouses.lanes"), item: t("warehouses.lane"),
  fields: [
    { name: "region", label: t("warehouses.laneRegion") },
    { name: "transitDays", label: t("warehouses.transitDays"), inputMode: "numeric" },
    { name: "carrier", label: t("warehouses.carrier") },
  ],
});
const createFields = (t: AdminT): FieldSpec[] => [
  { name: "code", label: t("common:field.code"), required: true }, { name: "name", label: t("common:field.name"), required: true },
  { name: "region", label: t("master.region"), required: true },
  { name: "latitude", label: t("master.latitude"), inputMode: "decimal", required: true },
  { name: "longitude", label: t("master.longitude"), inputMode: "decimal", required: true },
  { name: "gln", label: t("master.gln"), hint: t("master.glnHint") }, { name: "address", label: t("master.address") },
];
const editFields = (t: AdminT): FieldSpec[] => [
  { name: "name", label: t("common:field.name"), required: true }, { name: "gln", label: t("master.gln"), hint: t("master.glnHint") },
  { name: "address", label: t("master.address") }, { name: "active", label: t("master.active"), kind: "checkbox" },
];

const lanesOf = (rows: Rows) =>
  (rows.transitLanes ?? []).map((r) => ({ region: String(r.region).trim(), transitDays: number(r.transitDays) ?? 0, carrier: text(r.carrier) }));

/** Warehouses (masterdata.edit): GS1 location numbers and the regions their lanes serve. */
export default function Warehouses() {
  const { t } = useTranslation(["admin", "common"]);
  const [{ data, error }, refetch] = useQuery({ query: WarehousesQuery });
  const reload = () => refetch({ requestPolicy: "network-only" });
  const create = useAction(CreateWarehouseMutation);
  const update = useAction(UpdateWarehouseMutation);
  const [editing, setEditing] = useState<string | null>(null);
  const [creating, setCreating] = useState(false);
  const [notice, setNotice] = useState<string | null>(null);
  if (error && !data) return <ErrorState error={error} retry={reload} />;
  if (!data) return <Loading label={t("warehouses.loading")} />;
  const current = data.warehouses.find((w) => w.id === editing) ?? null;

  const submitNew = async (v: Values, rows: Rows) => {
    const made = await create.run({ input: {
      code: String(v.code).trim(), name: String(v.name), region: String(v.region).trim(),
      latitude: number(v.latitude) ?? Number.NaN, longitude: number(v.longitude) ?? Number.NaN,
      gln: text(v.gln), address: text(v.address), transitLanes: lanesOf(rows), idempotencyKey: crypto.randomUUID(),
    } });
    if (made?.warehouse) {
      setCreating(false);
      setNotice(t("warehouses.created", { code: made.warehouse.code }));
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
      setNotice(t("warehouses.saved", { code: saved.warehouse.code }));
      reload();
    }
  };

  return (
    <section aria-labelledby="warehouses-title">
      <h1 id="warehouses-title">{t("warehouses.title")}</h1>
      {notice && <p className="state" role="status">{notice}</p>}
      {!creating && <button type="button" className="primary" onClick={() => setCreating(true)}>{t("warehouses.new")}</button>}
      {creating && (
        <Section title={t("warehouses.new")}>
          <MasterForm label={t("warehouses.new")} fields={createFields(t)} lists={[lanes(t)]} initial={{}}
            initialRows={{ transitLanes: [{ region: "", transitDays: "1", carrier: "" }] }} submitLabel={t("warehouses.create")}
            errors={create.userErrors} failure={create.failure} busy={create.busy} onSubmit={submitNew} onCancel={() => setCreating(false)} />
        </Section>
      )}
      {current && (
        <Section title={t("master.edit", { code: current.code })}>
          <MasterForm key={current.id} label={t("master.edit", { code: current.code })} fields={editFields(t)} lists={[lanes(t)]}
            initial={{ name: current.name, gln: current.gln ?? "", address: current.address ?? "", active: current.active }}
            initialRows={{ transitLanes: current.transitLanes.map((l) => ({ region: l.region, transitDays: String(l.transitDays), carrier: l.carrier ?? "" })) }}
            submitLabel={t("warehouses.save")} errors={update.userErrors} failure={update.failure} busy={update.busy}
            onSubmit={submitEdit} onCancel={() => setEditing(null)} />
        </Section>
      )}
      <Section title={t("warehouses.list", { total: data.warehouses.length })}>
        <table>
          <thead>
            <tr>
              <th>{t("common:field.code")}</th><th>{t("common:field.name")}</th><th>{t("master.gln")}</th>
              <th>{t("warehouses.lanesHeader")}</th><th>{t("common:field.status")}</th><th />
            </tr>
          </thead>
          <tbody>
            {data.warehouses.map((w) => (
              <tr key={w.id}>
                <td>{w.code}</td><td>{w.name}</td><td>{w.gln}</td>
                <td>{w.transitLanes.map((l) => t("warehouses.laneSummary", { region: l.region, days: l.transitDays })).join(", ")}</td>
                <td>{w.active ? t("master.active") : t("master.inactive")}</td>
                <td><button type="button" onClick={() => { setEditing(w.id); setCreating(false); }}>{t("master.edit", { code: w.code })}</button></td>
              </tr>
            ))}
          </tbody>
        </table>
      </Section>
    </section>
  );
}
