/**
 * The app's languages. i18next with react-i18next: JSON catalogues per area kept in the
 * repository, keys type-checked against the English catalogue, plurals by the CLDR rules
 * of each language, and no build step of its own (Vite imports the JSON).
 */
import i18n from "i18next";
import { initReactI18next } from "react-i18next";
import { en, NAMESPACES, zhCN } from "./resources";

export type Language = "en" | "zh-CN";

/** The menu's choices, each named in its own language; `locale` drives `Intl`. */
export const LANGUAGES: { code: Language; label: string; locale: string }[] = [
  { code: "en", label: "English", locale: "en-GB" },
  { code: "zh-CN", label: "中文", locale: "zh-CN" },
];

const STORE_KEY = "erp.language";

function stored(key: string): Language | null {
  try {
    const value = localStorage.getItem(key);
    return LANGUAGES.some((l) => l.code === value) ? (value as Language) : null;
  } catch {
    return null;
  }
}

/** The browser's first language we speak; English otherwise. */
export function browserLanguage(): Language {
  const wanted = typeof navigator !== "undefined" ? [...(navigator.languages ?? []), navigator.language] : [];
  for (const tag of wanted) {
    if (!tag) continue;
    if (tag.toLowerCase().startsWith("zh")) return "zh-CN";
    if (tag.toLowerCase().startsWith("en")) return "en";
  }
  return "en";
}

/** The language last chosen in this browser, else the browser's own. */
export function initialLanguage(): Language {
  return stored(STORE_KEY) ?? browserLanguage();
}

/** Switches the app's language and remembers the choice in this browser. */
export async function chooseLanguage(code: Language): Promise<void> {
  try {
    localStorage.setItem(STORE_KEY, code);
  } catch {
    // Private windows may refuse storage; the choice then lasts for this page.
  }
  await i18n.changeLanguage(code);
}

export function currentLanguage(): Language {
  return (LANGUAGES.find((l) => l.code === i18n.language)?.code ?? "en") as Language;
}

/** The BCP 47 locale `Intl` formats with for the current language. */
export function currentLocale(): string {
  return LANGUAGES.find((l) => l.code === i18n.language)?.locale ?? "en-GB";
}

void i18n.use(initReactI18next).init({
  resources: { en, "zh-CN": zhCN },
  lng: initialLanguage(),
  fallbackLng: "en",
  supportedLngs: LANGUAGES.map((l) => l.code),
  ns: NAMESPACES,
  defaultNS: "common",
  interpolation: { escapeValue: false }, // React escapes
  returnNull: false,
  initAsync: false,
});

i18n.on("languageChanged", (lng) => {
  if (typeof document !== "undefined") document.documentElement.lang = lng;
});
if (typeof document !== "undefined") document.documentElement.lang = i18n.language;

export default i18n;
