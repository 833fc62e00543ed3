import { useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import { useQuery } from "urql";
import { useAction } from "../api/useAction";
import { FormErrors, TextField } from "../components/Field";
import { graphql } from "../graphql";
import { errorAt } from "../lib/errors";
import { useAuth } from "./AuthProvider";

const PolicyQuery = graphql(`
  query PasswordPolicy {
    securityPolicy {
      minPasswordLength
    }
  }
`);

const ChangePasswordMutation = graphql(`
  mutation ChangePassword($input: ChangePasswordInput!) {
    changePassword(input: $input) {
      user {
        id
        passwordChangeRequired
      }
      userErrors {
        field
        message
        code
      }
    }
  }
`);

/** The step after signing in with a temporary password: the user sets their own. */
export function ChoosePassword() {
  const { t } = useTranslation(["auth", "common"]);
  const { session, reloadViewer, signOut, signInPassword } = useAuth();
  const [{ data }] = useQuery({ query: PolicyQuery });
  const change = useAction(ChangePasswordMutation);
  const [current, setCurrent] = useState("");
  const [next, setNext] = useState("");
  const [repeat, setRepeat] = useState("");
  const [mismatch, setMismatch] = useState<string | null>(null);
  const minimum = data?.securityPolicy.minPasswordLength;

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (next !== repeat) {
      setMismatch(t("choosePassword.mismatch"));
      return;
    }
    setMismatch(null);
    const currentPassword = signInPassword ?? current;
    const done = await change.run({ input: { currentPassword, newPassword: next } });
    if (done) await reloadViewer();
  };

  // Errors of the fields on screen sit next to them; the rest go below the form.
  const shown = signInPassword ? ["newPassword"] : ["currentPassword", "newPassword"];
  const unplaced = change.userErrors.filter((e) => !shown.includes(e.field?.[1] ?? "")).map((e) => e.message);
  return (
    <main className="login" id="main">
      <form className="card login-card" onSubmit={submit} aria-labelledby="choose-password-title">
        <h1 id="choose-password-title">{t("choosePassword.title")}</h1>
        <p className="muted">
          {t("choosePassword.intro", { username: session?.username ?? "" })}
        </p>
        {!signInPassword && (
          <TextField
            label={t("choosePassword.temporary")}
            name="current-password"
            type="password"
            autoComplete="current-password"
            required
            value={current}
            error={errorAt(change.userErrors, "input", "currentPassword")}
            onChange={(e) => setCurrent(e.target.value)}
          />
        )}
        <TextField
          label={t("choosePassword.new")}
          name="new-password"
          type="password"
          autoComplete="new-password"
          required
          minLength={minimum}
          hint={minimum ? t("choosePassword.atLeast", { count: minimum }) : undefined}
          value={next}
          error={errorAt(change.userErrors, "input", "newPassword")}
          onChange={(e) => setNext(e.target.value)}
        />
        <TextField
          label={t("choosePassword.repeat")}
          name="repeat-password"
          type="password"
          autoComplete="new-password"
          required
          value={repeat}
          error={mismatch ?? undefined}
          onChange={(e) => setRepeat(e.target.value)}
        />
        <FormErrors messages={[...unplaced, ...(change.failure ? [change.failure] : [])]} />
        <button type="submit" className="primary" disabled={change.busy}>
          {change.busy ? t("common:state.saving") : t("choosePassword.submit")}
        </button>
        <button type="button" onClick={signOut}>
          {t("common:signOut")}
        </button>
      </form>
    </main>
  );
}
