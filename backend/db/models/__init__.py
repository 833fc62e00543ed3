"""Every table of the data model; importing this registers them on Base.metadata."""

from backend.db.base import Base, index_foreign_keys
from backend.db.models.access import (
    Permission,
    RolePermission,
    SeparationOfDutiesRule,
)
from backend.db.models.catalog import PriceList, PriceListItem, Product, TransitLane, Warehouse
from backend.db.models.change_control import (
    ApprovalDelegation,
    CustomerLicence,
    LicenceRequirement,
    SalesOrderVersion,
)
from backend.db.models.custom_fields import CustomFieldDefinition, CustomFieldValue
from backend.db.models.documents import Document, DocumentBlob, DocumentLink, DocumentSignature
from backend.db.models.epcis import EpcisCapture, EpcisCapturedEvent
from backend.db.models.finance import (
    Account,
    Invoice,
    InvoiceLine,
    JournalEntry,
    JournalLine,
    Payment,
    PaymentApplication,
)
from backend.db.models.finance_desk import (
    AccountingPeriod,
    BankAccount,
    BankStatement,
    BankStatementLine,
    CreditNoteLine,
    CustomerRefund,
    InvoiceShipment,
    TaxRule,
)
from backend.db.models.integrations import (
    OutboxPosition,
    WebhookAttempt,
    WebhookDelivery,
    WebhookEndpoint,
)
from backend.db.models.masterdata import CustomerAddress, CustomerContact
from backend.db.models.orders import Allocation, Approval, ApprovalRule, SalesOrder, SalesOrderLine
from backend.db.models.parties import Customer, NumberSequence, Supplier, User, UserRole
from backend.db.models.payables import (
    LotValuation,
    SupplierInvoice,
    SupplierInvoiceLine,
    SupplierPayment,
    SupplierPaymentApplication,
)
from backend.db.models.policies import ConfigPolicy
from backend.db.models.production import (
    BatchDeviation,
    BatchRecord,
    BatchRecordStep,
    BatchStepTemplate,
    BomComponent,
    BomVersion,
    CapacityBooking,
    RoutingOperation,
    SerialLink,
    WorkCenter,
    WorkOrder,
    WorkOrderComponent,
    WorkOrderIssue,
    WorkOrderOutput,
    WorkOrderReservation,
)
from backend.db.models.purchasing import (
    PurchaseOrder,
    PurchaseOrderLine,
    SupplierOverride,
    SupplierOverrideUse,
    SupplierPrice,
    SupplierProduct,
    SupplierQualification,
)
from backend.db.models.purchasing_flow import (
    GoodsReceipt,
    GoodsReceiptLine,
    PurchaseApproval,
    PurchaseApprovalRule,
    PurchaseRequisition,
    PurchaseRequisitionLine,
    ReorderPoint,
)
from backend.db.models.quality import Inspection, Release, Signature
from backend.db.models.quality_loop import (
    AllocationIssue,
    Capa,
    CapaAction,
    CapaEffectivenessCheck,
    CapaNonconformance,
    ExpiryAlert,
    InspectionPlan,
    InspectionTask,
    Nonconformance,
    NonconformanceNote,
    NonconformanceSerial,
    QualityHold,
    QualityHoldSerial,
    RecallReconciliation,
    RecallSupplierNotice,
    RetainedSample,
    RetainedSamplePull,
    RetainedSampleSerial,
)
from backend.db.models.recalls import Recall, RecallLot, RecallNotice, RecallShipment
from backend.db.models.sales import (
    CreditNote,
    CustomerReturn,
    CustomerReturnLine,
    Quote,
    QuoteLine,
    ReplenishmentRequest,
    SalesSetting,
    StockTransfer,
)
from backend.db.models.security import PersistedQuery, RateLimitBucket
from backend.db.models.shipping import Shipment, ShipmentLine, ShipmentLineSerial, ShippingCarton
from backend.db.models.stock import Lot, LotComponent, Serial, StockBalance, StockMove
from backend.db.models.trust import AuditEvent, IdempotencyKey, OutboxEvent
from backend.db.models.user_admin import SecuritySetting

index_foreign_keys(Base.metadata)

__all__ = [
    "Account", "Allocation", "Approval", "ApprovalRule", "AuditEvent", "CreditNote", "Customer",
    "CustomerReturn", "CustomerReturnLine", "Quote", "QuoteLine", "ReplenishmentRequest",
    "SalesSetting", "StockTransfer", "Document",
    "DocumentBlob", "DocumentLink", "IdempotencyKey", "Inspection", "Invoice", "InvoiceLine",
    "JournalEntry", "JournalLine", "Lot", "LotComponent", "NumberSequence", "OutboxEvent",
    "Payment", "PaymentApplication", "PersistedQuery", "PriceList", "PriceListItem", "Product",
    "RateLimitBucket", "SecuritySetting",
    "EpcisCapture", "EpcisCapturedEvent",
    "Recall",
    "RecallLot", "RecallNotice", "RecallShipment", "Release", "SalesOrder", "SalesOrderLine",
    "Serial", "Shipment", "ShipmentLine", "ShipmentLineSerial", "Signature", "StockBalance",
    "ShippingCarton", "DocumentSignature",
    "StockMove", "Supplier", "TransitLane", "User", "UserRole", "Warehouse",
    "OutboxPosition", "WebhookAttempt", "WebhookDelivery", "WebhookEndpoint",
    # quality loop
    "AllocationIssue", "Capa", "CapaAction", "CapaEffectivenessCheck", "CapaNonconformance",
    "ExpiryAlert", "InspectionPlan", "InspectionTask", "Nonconformance", "NonconformanceNote",
    "NonconformanceSerial", "QualityHold", "QualityHoldSerial", "RecallReconciliation",
    "RecallSupplierNotice", "RetainedSample", "RetainedSamplePull", "RetainedSampleSerial",
    # finance desk
    "AccountingPeriod", "BankAccount", "BankStatement", "BankStatementLine", "CreditNoteLine",
    "CustomerRefund", "InvoiceShipment", "TaxRule",
    # change control
    "ApprovalDelegation", "CustomerLicence", "LicenceRequirement", "SalesOrderVersion",
    # payables and valuation
    "LotValuation", "SupplierInvoice", "SupplierInvoiceLine", "SupplierPayment",
    "SupplierPaymentApplication",
    # purchasing
    "PurchaseOrder", "PurchaseOrderLine", "SupplierOverride", "SupplierOverrideUse",
    "SupplierPrice", "SupplierProduct", "SupplierQualification",
    "GoodsReceipt", "GoodsReceiptLine", "PurchaseApproval", "PurchaseApprovalRule",
    "PurchaseRequisition", "PurchaseRequisitionLine", "ReorderPoint",
    # production
    "BatchDeviation", "BatchRecord", "BatchRecordStep", "BatchStepTemplate", "BomComponent",
    "BomVersion",    "CapacityBooking", "RoutingOperation", "SerialLink", "WorkCenter", "WorkOrder",
    "WorkOrderComponent", "WorkOrderIssue", "WorkOrderOutput", "WorkOrderReservation",
    # permissions as data
    "Permission", "RolePermission", "SeparationOfDutiesRule",
    # custom fields
    "CustomFieldDefinition", "CustomFieldValue",
    # master data
    "CustomerAddress", "CustomerContact",
    # configuration policies
    "ConfigPolicy",
]
