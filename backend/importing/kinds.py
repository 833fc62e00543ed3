"""What each kind of file holds: its columns, how cells are read, and the domain action per row."""

from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from typing import Any

from backend.domain.inventory import opening_stock
from backend.domain.masterdata import catalog
from backend.domain.masterdata import parties as masterdata
from backend.enums import CustomerKind, DeviceClass, LotStatus, Replenishment, TrackingMode
from backend.importing import cells

# A column `cf.sterilisationMethod` holds the value of the custom field of that key.
CUSTOM_PREFIX = "cf."
CUSTOM_FIELDS = "customFields"


@dataclass(frozen=True)
class Column:
    name: str
    parse: Callable[[str], Any] = cells.text
    required: bool = True

    @property
    def camel(self) -> str:
        """The name the domain uses in its field paths (unitPrice for unit_price)."""
        first, *rest = self.name.split("_")
        return first + "".join(part.title() for part in rest)


@dataclass(frozen=True)
class ImportKind:
    name: str
    columns: tuple[Column, ...]
    action: Callable[..., Awaitable[Any]]
    # Files of this kind may carry `cf.<key>` columns: the records' custom field values.
    custom_fields: bool = False

    def column_for(self, field: tuple[str, ...] | None, custom: Sequence[str] = ()) -> str:
        """The column a domain problem's field path points at ("" for the row as a whole);
        `custom` are the row's custom field keys, in the order they were given."""
        parts = field or ()
        if CUSTOM_FIELDS in parts:
            at = parts[parts.index(CUSTOM_FIELDS) + 1:]
            if at and at[0].isdigit() and int(at[0]) < len(custom):
                return CUSTOM_PREFIX + custom[int(at[0])]
            return ""
        for part in reversed(parts):
            for column in self.columns:
                if part in (column.name, column.camel):
                    return column.name
        return ""


def optional(name: str, parse: Callable[[str], Any] = cells.text) -> Column:
    return Column(name, parse, required=False)


KINDS = {
    kind.name: kind
    for kind in (
        ImportKind("customers", (
            Column("code"), Column("name"), Column("kind", cells.one_of(CustomerKind)),
            optional("region"), optional("address"),
            optional("latitude", cells.floating), optional("longitude", cells.floating),
            optional("credit_limit", cells.decimal),
            optional("min_remaining_shelf_life_days", cells.integer),
            optional("payment_terms_days", cells.integer),
        ), masterdata.create_customer, custom_fields=True),
        ImportKind("suppliers", (
            Column("code"), Column("name"), optional("country"),
            optional("approved", cells.boolean),
        ), masterdata.create_supplier, custom_fields=True),
        ImportKind("products", (
            Column("sku"), Column("gtin"), Column("name"),
            Column("device_class", cells.one_of(DeviceClass)),
            Column("tracking_mode", cells.one_of(TrackingMode)),
            Column("unit_price", cells.decimal), Column("tax_rate", cells.decimal),
            optional("shelf_life_days", cells.integer),
            optional("replenishment", cells.one_of(Replenishment)),
            optional("sellable", cells.boolean), optional("product_line"),
        ), catalog.create_product, custom_fields=True),
        ImportKind("price-list", (
            Column("price_list_code"), Column("sku"), Column("unit_price", cells.decimal),
            optional("price_list_name"), optional("currency"),
        ), masterdata.set_list_price),
        ImportKind("lots", (
            Column("sku"), Column("lot_number"), optional("supplier_code"),
            optional("manufactured_on", cells.iso_date), optional("expires_on", cells.iso_date),
            optional("status", cells.one_of(LotStatus)),
        ), opening_stock.create_lot),
        ImportKind("opening-stock", (
            Column("warehouse_code"), Column("sku"), Column("lot_number"),
            Column("quantity", cells.integer), optional("serial_number"),
        ), opening_stock.add_opening_stock),
    )
}
