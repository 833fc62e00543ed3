import { useState } from "react";
import { useTranslation } from "react-i18next";
import { useQuery } from "urql";
import { Section } from "../../../components/Section";
import { ErrorState, Loading } from "../../../components/States";
import { enumLabel } from "../../../i18n/enumLabel";
import { PermissionsQuery } from "./permissionQueries";
import { RoleEditor } from "./RoleEditor";
import { SeparationRules } from "./SeparationRules";

/** Roles & permissions (users.manage): each role's codes, an editor, and separation of duties. */
export default function RolesPermissions() {
  const { t } = useTranslation(["admin", "common"]);
  const [{ data, error }, refetch] = useQuery({ query: PermissionsQuery });
  const [editing, setEditing] = useState<string | null>(null);
  const reload = () => refetch({ requestPolicy: "network-only" });
  if (error && !data) return <ErrorState error={error} retry={reload} />;
  if (!data) return <Loading label={t("roles.loading")} />;
  const business = new Set(data.permissions.filter((p) => p.business).map((p) => p.code));
  const current = data.rolePermissions.find((r) => r.role === editing);
  return (
    <section aria-labelledby="permissions-title">
      <h1 id="permissions-title">{t("roles.title")}</h1>
      <Section title={t("roles.roles")}>
        <table className="data" aria-label={t("roles.roles")}>
          <thead>
            <tr>
              <th scope="col">{t("roles.role")}</th>
              <th scope="col">{t("roles.codes")}</th>
              <th scope="col" />
            </tr>
          </thead>
          <tbody>
            {data.rolePermissions.map((r) => (
              <tr key={r.role} data-role={r.role}>
                <th scope="row">{enumLabel(r.role)}</th>
                <td>
                  {r.permissions.length === 0 && <span className="muted">{t("common:state.none")}</span>}
                  {r.permissions.map((code) => (
                    <code key={code} className={business.has(code) ? "code-chip business" : "code-chip"}>
                      {code}
                    </code>
                  ))}
                </td>
                <td>
                  <button type="button" aria-label={t("roles.editNamed", { role: enumLabel(r.role) })} onClick={() => setEditing(r.role)}>
                    {t("roles.edit")}
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </Section>
      {current && (
        <RoleEditor
          key={current.role}
          role={current.role}
          held={current.permissions}
          catalogue={data.permissions}
          onCancel={() => setEditing(null)}
          onSaved={() => {
            setEditing(null);
            reload();
          }}
        />
      )}
      <SeparationRules rules={data.separationOfDutiesRules} catalogue={data.permissions} onChanged={reload} />
    </section>
  );
}
