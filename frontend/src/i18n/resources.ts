/** Every message catalogue, by language and namespace (one namespace per area of the app). */
import en_admin from "./locales/en/admin.json";
import en_auth from "./locales/en/auth.json";
import en_builds from "./locales/en/builds.json";
import en_common from "./locales/en/common.json";
import en_components from "./locales/en/components.json";
import en_customers from "./locales/en/customers.json";
import en_dashboards from "./locales/en/dashboards.json";
import en_delivery from "./locales/en/delivery.json";
import en_documents from "./locales/en/documents.json";
import en_enums from "./locales/en/enums.json";
import en_errors from "./locales/en/errors.json";
import en_finance from "./locales/en/finance.json";
import en_lots from "./locales/en/lots.json";
import en_orders from "./locales/en/orders.json";
import en_portal from "./locales/en/portal.json";
import en_production from "./locales/en/production.json";
import en_purchasing from "./locales/en/purchasing.json";
import en_qa from "./locales/en/qa.json";
import en_quality from "./locales/en/quality.json";
import en_quotes from "./locales/en/quotes.json";
import en_recalls from "./locales/en/recalls.json";
import en_replenishment from "./locales/en/replenishment.json";
import en_returns from "./locales/en/returns.json";
import en_standards from "./locales/en/standards.json";
import en_transfers from "./locales/en/transfers.json";
import en_warehouse from "./locales/en/warehouse.json";
import zh_admin from "./locales/zh-CN/admin.json";
import zh_auth from "./locales/zh-CN/auth.json";
import zh_builds from "./locales/zh-CN/builds.json";
import zh_common from "./locales/zh-CN/common.json";
import zh_components from "./locales/zh-CN/components.json";
import zh_customers from "./locales/zh-CN/customers.json";
import zh_dashboards from "./locales/zh-CN/dashboards.json";
import zh_delivery from "./locales/zh-CN/delivery.json";
import zh_documents from "./locales/zh-CN/documents.json";
import zh_enums from "./locales/zh-CN/enums.json";
import zh_errors from "./locales/zh-CN/errors.json";
import zh_finance from "./locales/zh-CN/finance.json";
import zh_lots from "./locales/zh-CN/lots.json";
import zh_orders from "./locales/zh-CN/orders.json";
import zh_portal from "./locales/zh-CN/portal.json";
import zh_production from "./locales/zh-CN/production.json";
import zh_purchasing from "./locales/zh-CN/purchasing.json";
import zh_qa from "./locales/zh-CN/qa.json";
import zh_quality from "./locales/zh-CN/quality.json";
import zh_quotes from "./locales/zh-CN/quotes.json";
import zh_recalls from "./locales/zh-CN/recalls.json";
import zh_replenishment from "./locales/zh-CN/replenishment.json";
import zh_returns from "./locales/zh-CN/returns.json";
import zh_standards from "./locales/zh-CN/standards.json";
import zh_transfers from "./locales/zh-CN/transfers.json";
import zh_warehouse from "./locales/zh-CN/warehouse.json";

export const en = {
  admin: en_admin,
  auth: en_auth,
  builds: en_builds,
  common: en_common,
  components: en_components,
  customers: en_customers,
  dashboards: en_dashboards,
  delivery: en_delivery,
  documents: en_documents,
  enums: en_enums,
  errors: en_errors,
  finance: en_finance,
  lots: en_lots,
  orders: en_orders,
  portal: en_portal,
  production: en_production,
  purchasing: en_purchasing,
  qa: en_qa,
  quality: en_quality,
  quotes: en_quotes,
  recalls: en_recalls,
  replenishment: en_replenishment,
  returns: en_returns,
  standards: en_standards,
  transfers: en_transfers,
  warehouse: en_warehouse,
};

/** Chinese must have every key English has: `catalogues.test.ts` checks it. */
export const zhCN: Record<keyof typeof en, object> = {
  admin: zh_admin,
  auth: zh_auth,
  builds: zh_builds,
  common: zh_common,
  components: zh_components,
  customers: zh_customers,
  dashboards: zh_dashboards,
  delivery: zh_delivery,
  documents: zh_documents,
  enums: zh_enums,
  errors: zh_errors,
  finance: zh_finance,
  lots: zh_lots,
  orders: zh_orders,
  portal: zh_portal,
  production: zh_production,
  purchasing: zh_purchasing,
  qa: zh_qa,
  quality: zh_quality,
  quotes: zh_quotes,
  recalls: zh_recalls,
  replenishment: zh_replenishment,
  returns: zh_returns,
  standards: zh_standards,
  transfers: zh_transfers,
  warehouse: zh_warehouse,
};

export type Namespace = keyof typeof en;
export const NAMESPACES = Object.keys(en) as Namespace[];
