import { useState } from "react";
import { useQuery } from "urql";
import { useAction } from "../../../api/useAction";
import { FormErrors, TextField } from "../../../components/Field";
import { Section } from "../../../components/Section";
import { Empty, ErrorState, Loading } from "../../../components/States";
import { formatDateTime } from "../../../lib/format";
import { NewUserForm } from "./NewUserForm";
import { DeactivateDialog, ResetPasswordDialog } from "./UserDialogs";
import { ReactivateUserMutation, roleLabel, UnlockUserMutation, UsersQuery } from "./userQueries";

type Open = { kind: "deactivate" | "reset"; id: string; username: string } | null;

function status(u: { active: boolean | null; lockedAt: unknown; passwordChangeRequired: boolean | null }): string {
  if (!u.active) return "Deactivated";
  if (u.lockedAt) return "Locked";
  if (u.passwordChangeRequired) return "Must choose a password";
  return "Active";
}

/** Users (users.manage): accounts, their roles and state; each change is audited. */
export default function Users() {
  const [search, setSearch] = useState("");
  const [includeInactive, setIncludeInactive] = useState(true);
  const [{ data, error, fetching }, refetch] = useQuery({
    query: UsersQuery,
    variables: { search: search.trim() || null, includeInactive },
  });
  const reload = () => refetch({ requestPolicy: "network-only" });
  const unlock = useAction(UnlockUserMutation);
  const reactivate = useAction(ReactivateUserMutation);
  const [open, setOpen] = useState<Open>(null);
  const [notice, setNotice] = useState<string | null>(null);
  if (error && !data) return <ErrorState error={error} retry={reload} />;
  if (!data) return <Loading label="Loading users…" />;

  const done = (message: string) => {
    setOpen(null);
    setNotice(message);
    reload();
  };
  const messages = [unlock, reactivate].flatMap((a) => [...a.userErrors.map((e) => e.message), ...(a.failure ? [a.failure] : [])]);
  const users = data.users.edges.map((e) => e.node);
  return (
    <section aria-labelledby="users-title">
      <h1 id="users-title">Users</h1>
      {notice && (
        <p className="state" role="status">
          {notice}
        </p>
      )}
      <Section title="New user">
        <NewUserForm
          customers={data.customers.edges.map((e) => e.node)}
          onCreated={(username) => done(`User ${username} created. They choose their own password at first sign-in.`)}
        />
      </Section>
      <Section title={`Accounts (${data.users.totalCount})`}>
        <div className="inline-form">
          <TextField label="Search" type="search" value={search} onChange={(e) => setSearch(e.target.value)} />
          <label>
            <input type="checkbox" checked={includeInactive} onChange={(e) => setIncludeInactive(e.target.checked)} /> Show
            deactivated
          </label>
        </div>
        {users.length === 0 ? (
          <Empty>{fetching ? "Searching…" : "No user matches."}</Empty>
        ) : (
          <div className="table-wrap">
            <table className="data" aria-label="Users">
              <thead>
                <tr>
                  <th scope="col">Username</th>
                  <th scope="col">Name</th>
                  <th scope="col">Roles</th>
                  <th scope="col">Status</th>
                  <th scope="col">Last sign-in</th>
                  <th scope="col">Actions</th>
                </tr>
              </thead>
              <tbody>
                {users.map((u) => (
                  <tr key={u.id} data-username={u.username}>
                    <td>{u.username}</td>
                    <td>
                      {u.displayName}
                      {u.email && <div className="muted">{u.email}</div>}
                    </td>
                    <td>
                      {u.roles.map(roleLabel).join(", ")}
                      {u.customer && <div className="muted">for {u.customer.code}</div>}
                    </td>
                    <td>
                      {status(u)}
                      {!!u.failedLoginCount && u.active && (
                        <div className="muted">{u.failedLoginCount} failed sign-ins</div>
                      )}
                    </td>
                    <td>{u.lastLoginAt ? formatDateTime(u.lastLoginAt) : "Never"}</td>
                    <td>
                      <div className="actions row-actions">
                        {u.lockedAt && (
                          <button
                            type="button"
                            disabled={unlock.busy}
                            onClick={async () => (await unlock.run({ userId: u.id })) && done(`${u.username} is unlocked.`)}
                          >
                            Unlock
                          </button>
                        )}
                        {u.active ? (
                          <button type="button" onClick={() => setOpen({ kind: "deactivate", id: u.id, username: u.username })}>
                            Deactivate…
                          </button>
                        ) : (
                          <button
                            type="button"
                            disabled={reactivate.busy}
                            onClick={async () => (await reactivate.run({ userId: u.id })) && done(`${u.username} is active again.`)}
                          >
                            Reactivate
                          </button>
                        )}
                        <button type="button" onClick={() => setOpen({ kind: "reset", id: u.id, username: u.username })}>
                          Reset password…
                        </button>
                      </div>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
        <FormErrors messages={messages} />
      </Section>
      {open?.kind === "deactivate" && (
        <DeactivateDialog user={open} onClose={() => setOpen(null)} onDone={() => done(`${open.username} is deactivated.`)} />
      )}
      {open?.kind === "reset" && (
        <ResetPasswordDialog
          user={open}
          onClose={() => setOpen(null)}
          onDone={() => done(`${open.username} has a new temporary password.`)}
        />
      )}
    </section>
  );
}
