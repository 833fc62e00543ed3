import type { CombinedError } from "@urql/core";
import i18n from "../i18n";

export type UserError = {
  field: readonly string[] | null;
  message: string;
  code: string;
};

/** One sentence for the user about a failed request, by the error's `extensions.code`. */
export function describeError(error: CombinedError | Error | null | undefined): string | null {
  if (!error) return null;
  if ("graphQLErrors" in error) {
    const first = error.graphQLErrors[0];
    if (first) {
      switch (first.extensions?.code) {
        case "NOT_IMPLEMENTED":
          return i18n.t("error.notAvailable", { message: first.message });
        case "FORBIDDEN":
          return i18n.t("error.forbidden");
        case "UNAUTHENTICATED":
          return i18n.t("error.sessionEnded");
        case "SERVICE_UNAVAILABLE":
          return i18n.t("error.unavailable");
        default:
          return messageForCode(first.extensions?.code) ?? first.message;
      }
    }
    if (error.networkError) return i18n.t("error.unreachable");
  }
  return error.message;
}

/** The catalogue's sentence for an error code, outside English (the server writes English). */
function messageForCode(code: unknown): string | null {
  if (i18n.language === "en" || typeof code !== "string" || !code) return null;
  const key = `errors:${code}`;
  return i18n.exists(key) ? (i18n.t(key as never) as string) : null;
}

/**
 * A business refusal in the user's language. The server writes its messages in English, with
 * the particulars (which lot, which limit); in English that sentence is shown as it is, in
 * another language the catalogue's sentence for the error's code, the server's as fallback.
 */
export function userErrorText(error: Pick<UserError, "code" | "message">): string {
  return messageForCode(error.code) ?? error.message;
}

/** The same errors with their messages in the user's language. */
export function localizeUserErrors(errors: readonly UserError[]): UserError[] {
  return errors.map((e) => ({ ...e, message: userErrorText(e) }));
}

export function errorCode(error: CombinedError | null | undefined): string | null {
  const code = error?.graphQLErrors[0]?.extensions?.code;
  return typeof code === "string" ? code : null;
}

/** The user error aimed at an input field path, e.g. ["input", "lines", "0", "quantity"]. */
export function errorAt(errors: readonly UserError[], ...path: (string | number)[]): string | undefined {
  const wanted = path.map(String).join(".");
  return errors.find((e) => (e.field ?? []).join(".") === wanted)?.message;
}

/** User errors that name no field shown on the form: they go in the form's summary. */
export function unplacedErrors(
  errors: readonly UserError[],
  placed: (field: readonly string[]) => boolean,
): UserError[] {
  return errors.filter((e) => !e.field || !placed(e.field));
}
