import { useCallback, useEffect } from "react";
import { useMutation } from "urql";
import { graphql } from "../graphql";
import { chooseLanguage, currentLanguage, LANGUAGES, type Language } from ".";

const SetMyLanguage = graphql(`
  mutation SetMyLanguage($language: String!) {
    setMyLanguage(language: $language) {
      user {
        id
        language
      }
      userErrors {
        code
      }
    }
  }
`);

/**
 * The language remembered with the account: applied when the user signs in (from any
 * browser), and saved when they choose another from the menu.
 */
export function useUserLanguage(saved: string | null | undefined): (language: Language) => void {
  const [, save] = useMutation(SetMyLanguage);
  useEffect(() => {
    const known = LANGUAGES.find((l) => l.code === saved)?.code;
    if (known && known !== currentLanguage()) void chooseLanguage(known);
  }, [saved]);
  return useCallback((language: Language) => void save({ language }), [save]);
}
