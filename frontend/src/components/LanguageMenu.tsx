import { useId } from "react";
import { useTranslation } from "react-i18next";
import { chooseLanguage, currentLanguage, LANGUAGES, type Language } from "../i18n";

/** The language menu of the header and the sign-in page; each choice is named in its own language. */
export function LanguageMenu({ onChosen }: { onChosen?: (language: Language) => void }) {
  const { t } = useTranslation();
  const id = useId();
  return (
    <span className="language-menu">
      <label htmlFor={id}>{t("language")}</label>
      <select
        id={id}
        value={currentLanguage()}
        onChange={(e) => {
          const code = e.target.value as Language;
          void chooseLanguage(code);
          onChosen?.(code);
        }}
      >
        {LANGUAGES.map((l) => (
          <option key={l.code} value={l.code} lang={l.code}>
            {l.label}
          </option>
        ))}
      </select>
    </span>
  );
}
