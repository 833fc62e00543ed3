import { useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import { Navigate, useLocation } from "react-router";
import { useAuth } from "../auth/AuthProvider";
import { homeFor } from "../auth/navigation";
import { FormErrors, TextField } from "../components/Field";
import { LanguageMenu } from "../components/LanguageMenu";

export function Login() {
  const { t } = useTranslation("auth");
  const { session, viewer, ended, signIn } = useAuth();
  const location = useLocation();
  const [username, setUsername] = useState("");
  const [password, setPassword] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  if (session && viewer) {
    const from = (location.state as { from?: string } | null)?.from;
    return <Navigate to={from ?? homeFor(viewer)} replace />;
  }

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await signIn(username.trim(), password);
    } catch (e) {
      setError((e as Error).message);
      setBusy(false);
    }
  };

  return (
    <main className="login" id="main">
      <div className="login-language">
        <LanguageMenu />
      </div>
      <form className="card login-card" onSubmit={submit} aria-labelledby="login-title">
        <h1 id="login-title">{t("signIn")}</h1>
        <p className="muted">{t("tagline")}</p>
        {ended === "expired" && !error && (
          <p className="state" role="status" data-testid="session-expired">
            {t("expired")}
          </p>
        )}
        <TextField
          label={t("username")}
          name="username"
          autoComplete="username"
          autoFocus
          required
          value={username}
          onChange={(e) => setUsername(e.target.value)}
        />
        <TextField
          label={t("password")}
          name="password"
          type="password"
          autoComplete="current-password"
          required
          value={password}
          onChange={(e) => setPassword(e.target.value)}
        />
        <FormErrors messages={error ? [error] : []} />
        <button type="submit" className="primary" disabled={busy}>
          {busy ? t("signingIn") : t("signIn")}
        </button>
      </form>
    </main>
  );
}
