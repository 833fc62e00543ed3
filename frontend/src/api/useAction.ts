import type { TypedDocumentNode } from "@urql/core";
import { useCallback, useState } from "react";
import { useMutation, type AnyVariables } from "urql";
import i18n from "../i18n";
import { describeError, localizeUserErrors, type UserError } from "../lib/errors";

type Payload = { userErrors: readonly UserError[] };

/**
 * Runs a mutation whose result is one payload with `userErrors`, and keeps what
 * the user needs to see: the business refusals (placed next to fields by the
 * form) and any request failure (a sentence).
 */
export function useAction<Data extends Record<string, unknown>, Variables extends AnyVariables>(
  document: TypedDocumentNode<Data, Variables>,
) {
  const [state, execute] = useMutation(document);
  const [userErrors, setUserErrors] = useState<readonly UserError[]>([]);
  const [failure, setFailure] = useState<string | null>(null);

  const run = useCallback(
    async (variables: Variables): Promise<Data[keyof Data] | null> => {
      setUserErrors([]);
      setFailure(null);
      const result = await execute(variables);
      if (result.error) {
        setFailure(describeError(result.error));
        return null;
      }
      const payload = result.data ? (Object.values(result.data)[0] as Payload | undefined) : undefined;
      if (!payload) {
        setFailure(i18n.t("error.noResult"));
        return null;
      }
      if (payload.userErrors.length) {
        setUserErrors(localizeUserErrors(payload.userErrors));
        return null;
      }
      return Object.values(result.data!)[0] as Data[keyof Data];
    },
    [execute],
  );

  const reset = useCallback(() => {
    setUserErrors([]);
    setFailure(null);
  }, []);

  return { run, busy: state.fetching, userErrors, failure, reset };
}
