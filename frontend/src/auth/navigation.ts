/**
 * What each role finds in the navigation. ADMIN reads every staff screen, but a screen
 * that acts (`permission`: new orders, approvals, goods receipt...) shows only to holders
 * of its permission code, which ADMIN, holding no business code, is not.
 */
export type NavItem = { to: string; label: string; roles: string[]; permission?: string };

/** Whom the navigation is for: the roles, and whether the server says this is a partner's user. */
export type NavUser = { roles: readonly string[]; isPartner: boolean; permissions?: readonly string[] | null };

export const STAFF_NAV: NavItem[] = [
  { to: "/orders", label: "Orders", roles: ["SALES", "SALES_MANAGER", "FINANCE", "WAREHOUSE"] },
  { to: "/orders/new", label: "New order", roles: ["SALES", "SALES_MANAGER"], permission: "order.create" },
  { to: "/quotes", label: "Quotes", roles: ["SALES", "SALES_MANAGER"] },
  // QA in approval chains
  { to: "/approvals", label: "Approvals", roles: ["SALES_MANAGER", "FINANCE", "QA_MANAGER"], permission: "order.approve" },
  { to: "/warehouse", label: "Fulfilment", roles: ["WAREHOUSE"], permission: "shipment.create" },
  { to: "/warehouse/receipts", label: "Goods receipt", roles: ["WAREHOUSE"], permission: "stock.receive" },
  { to: "/transfers", label: "Transfers", roles: ["WAREHOUSE"], permission: "stock.transfer" },
  { to: "/replenishment", label: "Replenishment", roles: ["WAREHOUSE", "BUYER"] },
  { to: "/stock", label: "Live stock", roles: ["WAREHOUSE", "SALES_MANAGER", "QA_MANAGER"] },
  { to: "/quality", label: "Quarantine", roles: ["QA_INSPECTOR", "QA_MANAGER"] },
  { to: "/lots", label: "Lots", roles: ["QA_INSPECTOR", "QA_MANAGER", "WAREHOUSE", "SALES_MANAGER"] },
  { to: "/recalls", label: "Recalls", roles: ["QA_MANAGER", "QA_INSPECTOR"] },
  { to: "/kpis", label: "KPIs", roles: ["SALES_MANAGER", "FINANCE", "QA_MANAGER"] },
  // finance desk
  { to: "/invoices", label: "Invoices", roles: ["FINANCE"] },
  { to: "/receivables", label: "Receivables", roles: ["FINANCE"] },
  { to: "/bank", label: "Bank reconciliation", roles: ["FINANCE"] },
  { to: "/finance/settings", label: "Finance settings", roles: ["FINANCE"] },
  // master data: finance sets customers' credit limits on the customer screen
  { to: "/admin/customers", label: "Credit limits", roles: ["FINANCE"], permission: "customer.credit_limit" },
  // change control
  { to: "/licences", label: "Licences", roles: ["SALES_MANAGER", "QA_MANAGER"] },
  { to: "/approval-rules", label: "Approval rules", roles: ["ADMIN"], permission: "config.edit" },
  // quality loop
  { to: "/qa", label: "QA work", roles: ["QA_INSPECTOR", "QA_MANAGER"] },
  // purchasing
  { to: "/purchase-orders", label: "Purchase orders", roles: ["BUYER"] },
  { to: "/requisitions", label: "Requisitions", roles: ["BUYER", "FINANCE"] },
  { to: "/purchase-planning", label: "Planning", roles: ["BUYER"] },
  { to: "/suppliers", label: "Suppliers", roles: ["BUYER", "QA_MANAGER", "QA_INSPECTOR"] },
  // payables and valuation
  { to: "/supplier-invoices", label: "Supplier invoices", roles: ["BUYER", "FINANCE"] },
  { to: "/stock-valuation", label: "Stock valuation", roles: ["BUYER", "FINANCE"] },
  { to: "/payables", label: "Payables ageing", roles: ["BUYER", "FINANCE"] },
  // production
  { to: "/work-orders", label: "Work orders", roles: ["PLANNER"] },
  { to: "/schedule", label: "Schedule", roles: ["PLANNER"] },
  { to: "/shop-floor", label: "Shop floor", roles: ["OPERATOR"] },
  { to: "/batch-records", label: "Batch record review", roles: ["QA_MANAGER", "QA_INSPECTOR"] },
  // signed documents: every staff role checks a PDF's signature
  {
    to: "/verify",
    label: "Verify document",
    roles: ["SALES", "SALES_MANAGER", "WAREHOUSE", "QA_INSPECTOR", "QA_MANAGER", "FINANCE", "BUYER", "PLANNER", "OPERATOR"],
  },
];

/** Administration: screens that shape the system, each for the holders of its permission code. */
export const ADMIN_NAV: NavItem[] = [
  { to: "/admin/users", label: "Users", roles: [], permission: "users.manage" },
  { to: "/admin/permissions", label: "Roles & permissions", roles: [], permission: "users.manage" },
  { to: "/admin/custom-fields", label: "Custom fields", roles: [], permission: "config.edit" },
  { to: "/admin/policies", label: "Policies", roles: [], permission: "config.edit" },
  { to: "/admin/customers", label: "Customers", roles: [], permission: "masterdata.edit" },
  { to: "/admin/products", label: "Products", roles: [], permission: "masterdata.edit" },
  { to: "/admin/suppliers", label: "Suppliers", roles: [], permission: "masterdata.edit" },
  { to: "/admin/warehouses", label: "Warehouses", roles: [], permission: "masterdata.edit" },
  { to: "/admin/price-lists", label: "Price lists", roles: [], permission: "masterdata.edit" },
];

export const PARTNER_NAV: NavItem[] = [
  { to: "/portal", label: "My orders", roles: ["PARTNER"] },
  { to: "/quotes", label: "Quotes", roles: ["PARTNER"] },
  { to: "/portal/shipments", label: "Shipments & certificates", roles: ["PARTNER"] },
  { to: "/portal/recalls", label: "Recall notices", roles: ["PARTNER"] },
  { to: "/portal/statement", label: "Statement", roles: ["PARTNER"] },  // finance desk
];

/** The Administration group of the navigation: the screens whose permission code the user holds. */
export function adminNavFor({ isPartner, permissions }: NavUser): NavItem[] {
  if (isPartner) return [];
  return ADMIN_NAV.filter((item) => !!item.permission && (permissions ?? []).includes(item.permission));
}

/** Whether the user holds a permission code; without the server's list, by the item's roles. */
function holds(user: NavUser, item: NavItem): boolean {
  if (!item.permission) return true;
  if (user.permissions) return user.permissions.includes(item.permission);
  return item.roles.some((r) => user.roles.includes(r));
}

export function navFor(user: NavUser): NavItem[] {
  const { roles, isPartner } = user;
  if (isPartner) return PARTNER_NAV;
  const admin = roles.includes("ADMIN");
  return STAFF_NAV.filter((item) => (admin || item.roles.some((r) => roles.includes(r))) && holds(user, item));
}

// Where a role's day starts, when that is not the first screen of its navigation.
const HOMES: [string, string][] = [
  ["WAREHOUSE", "/warehouse"],
  ["QA_MANAGER", "/quality"],
  ["QA_INSPECTOR", "/quality"],
];

/** Where a user lands after signing in. */
export function homeFor(user: NavUser): string {
  const { roles, isPartner } = user;
  const home = isPartner || roles.includes("ADMIN") ? undefined : HOMES.find(([role]) => roles.includes(role));
  return home?.[1] ?? navFor(user)[0]?.to ?? "/orders";
}

/** Nobody: the navigation of a signed-out visitor. */
export const NO_USER: NavUser = { roles: [], isPartner: false };
