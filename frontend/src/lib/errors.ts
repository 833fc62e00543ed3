import type { CombinedError } from "@urql/core";

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
          return `Not available yet: ${first.message}`;
        case "FORBIDDEN":
          return "You are not allowed to see or do this.";
        case "UNAUTHENTICATED":
          return "Your session has ended. Please sign in again.";
        default:
          return first.message;
      }
    }
    if (error.networkError) return "The server cannot be reached. Check your connection and retry.";
  }
  return error.message;
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
