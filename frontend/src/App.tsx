import { lazy, Suspense, type ComponentType, type ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { Navigate, Route, Routes, useLocation } from "react-router";
import { useAuth } from "./auth/AuthProvider";
import { homeFor, NO_USER } from "./auth/navigation";
import { Layout } from "./components/Layout";
import { Empty, Loading } from "./components/States";
import { Login } from "./pages/Login";
import { OrderDetail } from "./pages/orders/OrderDetail";
import { OrdersList } from "./pages/orders/OrdersList";

// Screens with heavy libraries (graph drawing, charts) or used by few roles load on demand.
const NewOrder = lazy(() => import("./pages/orders/NewOrder"));
const ApprovalsInbox = lazy(() => import("./pages/orders/ApprovalsInbox"));
const Fulfilment = lazy(() => import("./pages/warehouse/Fulfilment"));
const ShipOrder = lazy(() => import("./pages/warehouse/ShipOrder"));
const GoodsReceipt = lazy(() => import("./pages/warehouse/GoodsReceipt"));
const StockDashboard = lazy(() => import("./pages/dashboards/StockDashboard"));
const KpiDashboard = lazy(() => import("./pages/dashboards/KpiDashboard"));
const QuarantineQueue = lazy(() => import("./pages/quality/QuarantineQueue"));
const VerifyDocument = lazy(() => import("./pages/standards/VerifyDocument"));
const LotSearch = lazy(() => import("./pages/lots/LotSearch"));
const LotPage = lazy(() => import("./pages/lots/LotPage"));
const Recalls = lazy(() => import("./pages/recalls/Recalls"));
const RecallWizard = lazy(() => import("./pages/recalls/RecallWizard"));
const RecallDetail = lazy(() => import("./pages/recalls/RecallDetail"));
const PartnerShipments = lazy(() => import("./pages/portal/PartnerShipments"));
const PartnerRecalls = lazy(() => import("./pages/portal/PartnerRecalls"));
// finance desk
const Invoices = lazy(() => import("./pages/finance/Invoices"));
const InvoicePage = lazy(() => import("./pages/finance/InvoicePage"));
const Receivables = lazy(() => import("./pages/finance/Receivables"));
const BankReconciliation = lazy(() => import("./pages/finance/BankReconciliation"));
const FinanceSettings = lazy(() => import("./pages/finance/FinanceSettings"));
const PartnerStatement = lazy(() => import("./pages/portal/PartnerStatement"));
// change control
const ApprovalRules = lazy(() => import("./pages/orders/ApprovalRules"));
const AdminUsers = lazy(() => import("./pages/admin/users/Users")); // user administration
const Licences = lazy(() => import("./pages/orders/Licences"));
// quality loop
const QaWork = lazy(() => import("./pages/qa/QaWork"));
const NonconformancePage = lazy(() => import("./pages/qa/NonconformancePage"));
const CapaNew = lazy(() => import("./pages/qa/CapaNew"));
const CapaPage = lazy(() => import("./pages/qa/CapaPage"));
const Suppliers = lazy(() => import("./pages/purchasing/Suppliers"));
const PurchaseOrders = lazy(() => import("./pages/purchasing/PurchaseOrders"));
const NewPurchaseOrder = lazy(() => import("./pages/purchasing/NewPurchaseOrder"));
const PurchaseOrderPage = lazy(() => import("./pages/purchasing/PurchaseOrderPage"));
const SupplierInvoices = lazy(() => import("./pages/purchasing/SupplierInvoices"));
const SupplierInvoicePage = lazy(() => import("./pages/purchasing/SupplierInvoicePage"));
const StockValuation = lazy(() => import("./pages/purchasing/StockValuation"));
const PayablesAgeing = lazy(() => import("./pages/purchasing/PayablesAgeing"));
const Requisitions = lazy(() => import("./pages/purchasing/Requisitions"));
const PurchasePlanning = lazy(() => import("./pages/purchasing/Planning"));
const WorkOrders = lazy(() => import("./pages/production/WorkOrders"));
const NewWorkOrder = lazy(() => import("./pages/production/NewWorkOrder"));
const WorkOrderPage = lazy(() => import("./pages/production/WorkOrderPage"));
const ProductionSchedule = lazy(() => import("./pages/production/Schedule"));
const ShopFloor = lazy(() => import("./pages/production/ShopFloor"));
const BatchReviews = lazy(() => import("./pages/qa/batch-review/BatchReviews"));
const BatchReviewPage = lazy(() => import("./pages/qa/batch-review/BatchReviewPage"));
// administration
const RolesPermissions = lazy(() => import("./pages/admin/permissions/RolesPermissions"));
const Policies = lazy(() => import("./pages/admin/policies/Policies"));
const AdminCustomFields = lazy(() => import("./pages/admin/customfields/CustomFields"));
const AdminCustomers = lazy(() => import("./pages/admin/masterdata/Customers"));
const AdminProducts = lazy(() => import("./pages/admin/masterdata/Products"));
const AdminSuppliers = lazy(() => import("./pages/admin/masterdata/Suppliers"));
const AdminWarehouses = lazy(() => import("./pages/admin/masterdata/Warehouses"));
const AdminPriceLists = lazy(() => import("./pages/admin/masterdata/PriceLists"));
const AdminPriceList = lazy(() => import("./pages/admin/masterdata/PriceListPage"));
// daily work: quotes, transfers, replenishment
const Quotes = lazy(() => import("./pages/quotes/Quotes"));
const NewQuote = lazy(() => import("./pages/quotes/NewQuote"));
const QuotePage = lazy(() => import("./pages/quotes/QuotePage"));
const Transfers = lazy(() => import("./pages/transfers/Transfers"));
const Replenishment = lazy(() => import("./pages/replenishment/Replenishment"));
const SupplierDocuments = lazy(() => import("./pages/documents/SupplierDocuments"));
const CustomerPage = lazy(() => import("./pages/customers/CustomerPage"));
const QA = ["QA_INSPECTOR", "QA_MANAGER"];

function RequireSession({ children }: { children: ReactNode }) {
  const { session } = useAuth();
  const location = useLocation();
  if (!session) return <Navigate to="/login" replace state={{ from: location.pathname + location.search }} />;
  return <>{children}</>;
}

/** Staff screens; a partner who follows a link here is sent to the portal. ADMIN reads every
 * staff screen; a screen that acts needs its permission code (`permission`). */
function Staff({ roles, permission, children }: { roles?: string[]; permission?: string; children: ReactNode }) {
  const { t } = useTranslation();
  const { viewer, hasRole, can } = useAuth();
  if (viewer?.isPartner) return <Navigate to="/portal" replace />;
  if (permission && !can(permission)) return <Empty>{t("notYourScreen")}</Empty>;
  if (roles && !hasRole("ADMIN", ...roles)) return <Empty>{t("notYourScreen")}</Empty>;
  return <>{children}</>;
}

function PartnerOrders() {
  const { t } = useTranslation();
  return <OrdersList title={t("nav.My orders")} />;
}

function NoPage() {
  const { t } = useTranslation();
  return <Empty>{t("noPage")}</Empty>;
}

function Home() {
  const { viewer } = useAuth();
  return <Navigate to={homeFor(viewer ?? NO_USER)} replace />;
}

export function App() {
  return (
    <Routes>
      <Route path="/login" element={<Login />} />
      <Route
        element={
          <RequireSession>
            <Layout />
          </RequireSession>
        }
      >
        <Route index element={<Home />} />
        <Route
          path="orders"
          element={
            <Staff>
              <OrdersList />
            </Staff>
          }
        />
        <Route path="orders/new" element={<Staff permission="order.create">{lazyPage(NewOrder)}</Staff>} />
        <Route
          path="orders/:number"
          element={
            <Staff>
              <OrderDetail />
            </Staff>
          }
        />
        <Route path="approvals" element={<Staff permission="order.approve">{lazyPage(ApprovalsInbox)}</Staff>} />
        <Route path="warehouse" element={<Staff roles={["WAREHOUSE"]}>{lazyPage(Fulfilment)}</Staff>} />
        <Route path="warehouse/orders/:number" element={<Staff roles={["WAREHOUSE"]}>{lazyPage(ShipOrder)}</Staff>} />
        <Route path="warehouse/receipts" element={<Staff roles={["WAREHOUSE"]}>{lazyPage(GoodsReceipt)}</Staff>} />
        <Route path="stock" element={<Staff>{lazyPage(StockDashboard)}</Staff>} />
        <Route path="kpis" element={<Staff>{lazyPage(KpiDashboard)}</Staff>} />
        <Route path="quality" element={<Staff>{lazyPage(QuarantineQueue)}</Staff>} />
        <Route path="lots" element={<Staff>{lazyPage(LotSearch)}</Staff>} />
        <Route path="lots/:id" element={<Staff>{lazyPage(LotPage)}</Staff>} />
        <Route path="recalls" element={<Staff>{lazyPage(Recalls)}</Staff>} />
        <Route path="recalls/new" element={<Staff permission="recall.initiate">{lazyPage(RecallWizard)}</Staff>} />
        <Route path="recalls/:id" element={<Staff>{lazyPage(RecallDetail)}</Staff>} />
        {/* change control */}
        <Route path="approval-rules" element={<Staff roles={["ADMIN"]}>{lazyPage(ApprovalRules)}</Staff>} />
        <Route path="admin/permissions" element={<Staff permission="users.manage">{lazyPage(RolesPermissions)}</Staff>} />
        <Route path="admin/users" element={<Staff roles={["ADMIN"]}>{lazyPage(AdminUsers)}</Staff>} />
        <Route path="admin/policies" element={<Staff>{lazyPage(Policies)}</Staff>} />
        <Route path="admin/custom-fields" element={<Staff permission="config.edit">{lazyPage(AdminCustomFields)}</Staff>} />
        {/* master data: the server checks masterdata.edit, and customer.credit_limit for credit */}
        <Route path="admin/customers" element={<Staff>{lazyPage(AdminCustomers)}</Staff>} />
        <Route path="customers/:id" element={<Staff>{lazyPage(CustomerPage)}</Staff>} />
        <Route path="admin/products" element={<Staff>{lazyPage(AdminProducts)}</Staff>} />
        <Route path="admin/suppliers" element={<Staff>{lazyPage(AdminSuppliers)}</Staff>} />
        <Route path="admin/warehouses" element={<Staff>{lazyPage(AdminWarehouses)}</Staff>} />
        <Route path="admin/price-lists" element={<Staff>{lazyPage(AdminPriceLists)}</Staff>} />
        <Route path="admin/price-lists/:id" element={<Staff>{lazyPage(AdminPriceList)}</Staff>} />
        <Route path="licences" element={<Staff roles={["SALES_MANAGER", "QA_MANAGER"]}>{lazyPage(Licences)}</Staff>} />
        {/* quality loop */}
        <Route path="qa" element={<Staff roles={QA}>{lazyPage(QaWork)}</Staff>} />
        <Route path="qa/nonconformances/:id" element={<Staff roles={QA}>{lazyPage(NonconformancePage)}</Staff>} />
        <Route path="qa/capas/new" element={<Staff roles={["QA_MANAGER"]}>{lazyPage(CapaNew)}</Staff>} />
        <Route path="qa/capas/:id" element={<Staff>{lazyPage(CapaPage)}</Staff>} />
        <Route path="suppliers" element={<Staff roles={["BUYER", "QA_MANAGER", "QA_INSPECTOR"]}>{lazyPage(Suppliers)}</Staff>} />
        <Route path="suppliers/:id" element={<Staff roles={["BUYER", "QA_MANAGER", "QA_INSPECTOR"]}>{lazyPage(SupplierDocuments)}</Staff>} />
        <Route path="purchase-orders" element={<Staff roles={["BUYER"]}>{lazyPage(PurchaseOrders)}</Staff>} />
        <Route path="purchase-orders/new" element={<Staff roles={["BUYER"]}>{lazyPage(NewPurchaseOrder)}</Staff>} />
        <Route path="purchase-orders/:number" element={<Staff roles={["BUYER"]}>{lazyPage(PurchaseOrderPage)}</Staff>} />
        <Route path="requisitions" element={<Staff roles={["BUYER", "FINANCE"]}>{lazyPage(Requisitions)}</Staff>} />
        <Route path="purchase-planning" element={<Staff roles={["BUYER"]}>{lazyPage(PurchasePlanning)}</Staff>} />
        {/* payables and valuation */}
        <Route path="supplier-invoices" element={<Staff roles={["BUYER", "FINANCE"]}>{lazyPage(SupplierInvoices)}</Staff>} />
        <Route path="supplier-invoices/:id" element={<Staff roles={["BUYER", "FINANCE"]}>{lazyPage(SupplierInvoicePage)}</Staff>} />
        <Route path="stock-valuation" element={<Staff roles={["BUYER", "FINANCE"]}>{lazyPage(StockValuation)}</Staff>} />
        <Route path="payables" element={<Staff roles={["BUYER", "FINANCE"]}>{lazyPage(PayablesAgeing)}</Staff>} />
        {/* production */}
        <Route path="work-orders" element={<Staff>{lazyPage(WorkOrders)}</Staff>} />
        <Route path="work-orders/new" element={<Staff roles={["PLANNER"]}>{lazyPage(NewWorkOrder)}</Staff>} />
        <Route path="work-orders/:number" element={<Staff>{lazyPage(WorkOrderPage)}</Staff>} />
        <Route path="schedule" element={<Staff>{lazyPage(ProductionSchedule)}</Staff>} />
        <Route path="shop-floor" element={<Staff>{lazyPage(ShopFloor)}</Staff>} />
        <Route path="batch-records" element={<Staff roles={QA}>{lazyPage(BatchReviews)}</Staff>} />
        <Route path="batch-records/:number" element={<Staff roles={QA}>{lazyPage(BatchReviewPage)}</Staff>} />
        <Route path="portal" element={<PartnerOrders />} />
        <Route path="portal/orders/:number" element={<OrderDetail />} />
        <Route path="portal/shipments" element={lazyPage(PartnerShipments)} />
        <Route path="portal/recalls" element={lazyPage(PartnerRecalls)} />
        {/* finance desk */}
        <Route path="invoices" element={<Staff>{lazyPage(Invoices)}</Staff>} />
        <Route path="invoices/:id" element={<Staff>{lazyPage(InvoicePage)}</Staff>} />
        <Route path="receivables" element={<Staff roles={["FINANCE"]}>{lazyPage(Receivables)}</Staff>} />
        <Route path="bank" element={<Staff roles={["FINANCE"]}>{lazyPage(BankReconciliation)}</Staff>} />
        <Route path="finance/settings" element={<Staff roles={["FINANCE"]}>{lazyPage(FinanceSettings)}</Staff>} />
        <Route path="portal/invoices/:id" element={lazyPage(InvoicePage)} />
        <Route path="portal/statement" element={lazyPage(PartnerStatement)} />
        {/* daily work; quotes are staff's and partners' for themselves */}
        <Route path="quotes" element={lazyPage(Quotes)} />
        <Route path="quotes/new" element={lazyPage(NewQuote)} />
        <Route path="quotes/:id" element={lazyPage(QuotePage)} />
        <Route path="transfers" element={<Staff roles={["WAREHOUSE"]}>{lazyPage(Transfers)}</Staff>} />
        <Route path="replenishment" element={<Staff roles={["WAREHOUSE", "BUYER"]}>{lazyPage(Replenishment)}</Staff>} />
        <Route path="verify" element={<Staff>{lazyPage(VerifyDocument)}</Staff>} />
        <Route path="*" element={<NoPage />} />
      </Route>
    </Routes>
  );
}

function Lazy({ children }: { children: ReactNode }) {
  return <Suspense fallback={<Loading />}>{children}</Suspense>;
}

function lazyPage(Page: ComponentType) {
  return (
    <Lazy>
      <Page />
    </Lazy>
  );
}
