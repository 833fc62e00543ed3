"""Production: BOM versions, work orders and the executed batch record."""

from enum import StrEnum


class BomVersionStatus(StrEnum):
    DRAFT = "DRAFT"
    APPROVED = "APPROVED"
    SUPERSEDED = "SUPERSEDED"


class BatchParameterKind(StrEnum):
    NUMERIC = "NUMERIC"
    PASS_FAIL = "PASS_FAIL"
    TEXT = "TEXT"


class WorkOrderStatus(StrEnum):
    PLANNED = "PLANNED"
    RELEASED = "RELEASED"
    IN_PROGRESS = "IN_PROGRESS"
    COMPLETED = "COMPLETED"
    CLOSED = "CLOSED"
    CANCELLED = "CANCELLED"


class BatchRecordStatus(StrEnum):
    IN_PROGRESS = "IN_PROGRESS"
    READY_FOR_REVIEW = "READY_FOR_REVIEW"
    APPROVED = "APPROVED"
    REJECTED = "REJECTED"


class BatchStepStatus(StrEnum):
    PENDING = "PENDING"
    DONE = "DONE"
    VERIFIED = "VERIFIED"


class BatchDeviationStatus(StrEnum):
    OPEN = "OPEN"
    CLOSED = "CLOSED"


class BatchDeviationDisposition(StrEnum):
    USE_AS_IS = "USE_AS_IS"
    REWORK = "REWORK"
    SCRAP = "SCRAP"


class WorkOrderEventKind(StrEnum):
    CREATED = "CREATED"
    RELEASED = "RELEASED"
    RESCHEDULED = "RESCHEDULED"
    MATERIAL_ISSUED = "MATERIAL_ISSUED"
    OUTPUT_RECORDED = "OUTPUT_RECORDED"
    STEP_RECORDED = "STEP_RECORDED"
    DEVIATION_RAISED = "DEVIATION_RAISED"
    BATCH_RECORD_REVIEWED = "BATCH_RECORD_REVIEWED"
    CLOSED = "CLOSED"
    CANCELLED = "CANCELLED"
