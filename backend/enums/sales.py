"""What can be done with a sales order."""

from enum import StrEnum


class OrderAction(StrEnum):
    """What someone may do with a sales order (`SalesOrder.availableActions`)."""

    EDIT = "EDIT"
    SUBMIT = "SUBMIT"
    APPROVE = "APPROVE"
    REJECT = "REJECT"
    ALLOCATE = "ALLOCATE"
    SHIP = "SHIP"
    CONFIRM_DELIVERY = "CONFIRM_DELIVERY"
    INVOICE = "INVOICE"
    RECORD_PAYMENT = "RECORD_PAYMENT"
    CANCEL = "CANCEL"
    AMEND = "AMEND"
    SHORT_CLOSE = "SHORT_CLOSE"
