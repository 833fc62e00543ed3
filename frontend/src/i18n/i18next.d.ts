import "i18next";
import type { en } from "./resources";

// Keys are checked at compile time against the English catalogues.
declare module "i18next" {
  interface CustomTypeOptions {
    defaultNS: "common";
    resources: typeof en;
  }
}
