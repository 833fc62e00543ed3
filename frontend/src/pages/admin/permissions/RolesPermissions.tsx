import { useState } from "react";
import { useQuery } from "urql";
import { Section } from "../../../components/Section";
import { ErrorState, Loading } from "../../../components/States";
import { humanize } from "../../../lib/format";
import { PermissionsQuery } from "./permissionQueries";
import { RoleEditor } from "./RoleEditor";
import { SeparationRules } from "./SeparationRules";

/** Roles & permissions (users.manage): each role's codes, an editor, and separation of duties. */
export default function RolesPermissions() {
  const [{ data, error }, refetch] = useQuery({ query: PermissionsQuery });
  const [editing, setEditing] = useState<string | null>(null);
  const reload = () => refetch({ requestPolicy: "network-only" });
  if (error && !data) return <ErrorState error={error} retry={reload} />;
  if (!data) return <Loading label="Loading permissions…" />;
  const business = new Set(data.permissions.filter((p) => p.business).map((p) => p.code));
  const current = data.rolePermissions.find((r) => r.role === editing);
  return (
    <section aria-labelledby="permissions-title">
      <h1 id="permissions-title">Roles &amp; permissions</h1>
      <Section title="Roles">
        <table className="data" aria-label="Roles">
          <thead>
            <tr>
              <th scope="col">Role</th>
              <th scope="col">Permission codes</th>
              <th scope="col" />
            </tr>
          </thead>
          <tbody>
            {data.rolePermissions.map((r) => (
              <tr key={r.role} data-role={r.role}>
                <th scope="row">{humanize(r.role)}</th>
                <td>
                  {r.permissions.length === 0 && <span className="muted">None</span>}
                  {r.permissions.map((code) => (
                    <code key={code} className={business.has(code) ? "code-chip business" : "code-chip"}>
                      {code}
                    </code>
                  ))}
                </td>
                <td>
                  <button type="button" aria-label={`Edit ${humanize(r.role)}`} onClick={() => setEditing(r.role)}>
                    Edit…
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
