import { useState, type FormEvent } from "react";
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
      setMismatch("The two new passwords differ.");
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
        <h1 id="choose-password-title">Choose a new password</h1>
        <p className="muted">
          {session?.username}: your password was set by an administrator. Choose your own to continue.
        </p>
        {!signInPassword && (
          <TextField
            label="Temporary password"
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
          label="New password"
          name="new-password"
          type="password"
          autoComplete="new-password"
          required
          minLength={minimum}
          hint={minimum ? `At least ${minimum} characters.` : undefined}
          value={next}
          error={errorAt(change.userErrors, "input", "newPassword")}
          onChange={(e) => setNext(e.target.value)}
        />
        <TextField
          label="Repeat new password"
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
          {change.busy ? "Saving…" : "Set password"}
        </button>
        <button type="button" onClick={signOut}>
          Sign out
        </button>
      </form>
    </main>
  );
}
