import type { TFunction } from "i18next";
import { useState } from "react";
import { useTranslation } from "react-i18next";
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

function status(t: TFunction<"admin">, u: { active: boolean | null; lockedAt: unknown; passwordChangeRequired: boolean | null }): string {
  if (!u.active) return t("users.deactivated");
  if (u.lockedAt) return t("users.locked");
  if (u.passwordChangeRequired) return t("users.mustChoose");
  return t("users.active");
}

/** Users (users.manage): accounts, their roles and state; each change is audited. */
export default function Users() {
  const { t } = useTranslation(["admin", "common"]);
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
  if (!data) return <Loading label={t("users.loading")} />;

  const done = (message: string) => {
    setOpen(null);
    setNotice(message);
    reload();
  };
  const messages = [unlock, reactivate].flatMap((a) => [...a.userErrors.map((e) => e.message), ...(a.failure ? [a.failure] : [])]);
  const users = data.users.edges.map((e) => e.node);
  return (
    <section aria-labelledby="users-title">
      <h1 id="users-title">{t("users.title")}</h1>
      {notice && (
        <p className="state" role="status">
          {notice}
        </p>
      )}
      <Section title={t("users.newUser")}>
        <NewUserForm
          customers={data.customers.edges.map((e) => e.node)}
          onCreated={(username) => done(t("users.created", { username }))}
        />
      </Section>
      <Section title={t("users.accounts", { total: data.users.totalCount })}>
        <div className="inline-form">
          <TextField label={t("users.search")} type="search" value={search} onChange={(e) => setSearch(e.target.value)} />
          <label>
            <input type="checkbox" checked={includeInactive} onChange={(e) => setIncludeInactive(e.target.checked)} />{" "}
            {t("users.showDeactivated")}
          </label>
        </div>
        {users.length === 0 ? (
          <Empty>{fetching ? t("users.searching") : t("users.noMatch")}</Empty>
        ) : (
          <div className="table-wrap">
            <table className="data" aria-label={t("users.title")}>
              <thead>
                <tr>
                  <th scope="col">{t("users.username")}</th>
                  <th scope="col">{t("common:field.name")}</th>
                  <th scope="col">{t("users.roles")}</th>
                  <th scope="col">{t("common:field.status")}</th>
                  <th scope="col">{t("users.lastSignIn")}</th>
                  <th scope="col">{t("common:field.actions")}</th>
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
                      {u.roles.map((r) => roleLabel(t, r)).join(", ")}
                      {u.customer && <div className="muted">{t("users.forCustomer", { code: u.customer.code })}</div>}
                    </td>
                    <td>
                      {status(t, u)}
                      {!!u.failedLoginCount && u.active && (
                        <div className="muted">{t("users.failedSignIns", { count: u.failedLoginCount })}</div>
                      )}
                    </td>
                    <td>{u.lastLoginAt ? formatDateTime(u.lastLoginAt) : t("users.never")}</td>
                    <td>
                      <div className="actions row-actions">
                        {u.lockedAt && (
                          <button
                            type="button"
                            disabled={unlock.busy}
                            onClick={async () => (await unlock.run({ userId: u.id })) && done(t("users.unlocked", { username: u.username }))}
                          >
                            {t("users.unlock")}
                          </button>
                        )}
                        {u.active ? (
                          <button type="button" onClick={() => setOpen({ kind: "deactivate", id: u.id, username: u.username })}>
                            {t("users.deactivateEllipsis")}
                          </button>
                        ) : (
                          <button
                            type="button"
                            disabled={reactivate.busy}
                            onClick={async () => (await reactivate.run({ userId: u.id })) && done(t("users.reactivated", { username: u.username }))}
                          >
                            {t("users.reactivate")}
                          </button>
                        )}
                        <button type="button" onClick={() => setOpen({ kind: "reset", id: u.id, username: u.username })}>
                          {t("users.resetEllipsis")}
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
        <DeactivateDialog user={open} onClose={() => setOpen(null)} onDone={() => done(t("users.deactivatedNotice", { username: open.username }))} />
      )}
      {open?.kind === "reset" && (
        <ResetPasswordDialog
          user={open}
          onClose={() => setOpen(null)}
          onDone={() => done(t("users.resetNotice", { username: open.username }))}
        />
      )}
    </section>
  );
}
