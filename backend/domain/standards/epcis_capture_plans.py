"""What a captured EPCIS event asks of the ERP, with its GS1 keys resolved to our records.

- `receiving` ObjectEvent ADD at one of our warehouses' SGLN, from a supplier's PGLN
  (`sourceList`, owning or possessing party): the lots in `quantityList` (LGTIN + quantity)
  or in `epcList` (SGTINs, the lot in `ilmd` `cbvmda:lotNumber`) are received;
- `shipping` ObjectEvent from one of our warehouses' SGLN with a `po` business transaction
  `urn:epcglobal:cbv:bt:<gln>:<order number>`: that order ships from there, the listed lots
  and serials or, when none are listed, everything allocated there.

Anything else, or a key we do not know, is a PlanProblem naming the event.
"""

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from backend.db.models import Customer, Lot, Product, SalesOrder, Serial, Supplier, Warehouse
from backend.domain.fulfilment.shipping import ShipLine
from backend.domain.inventory.receiving import ReceiptLine
from backend.domain.standards.gs1 import (
    GS1KeyError,
    read_business_transaction,
    read_gln,
    read_lgtin,
    read_sgtin,
)

Event = dict[str, Any]
BIZ_STEP = ("urn:epcglobal:cbv:bizstep:", "https://ref.gs1.org/cbv/BizStep-")
TRANSACTION_TYPE = ("urn:epcglobal:cbv:btt:", "https://ref.gs1.org/cbv/BTT-")
PARTY_TYPE = ("urn:epcglobal:cbv:sdt:", "https://ref.gs1.org/cbv/SDT-")
PARTIES = {"owning_party", "possessing_party"}


class PlanProblem(ValueError):
    """An event the ERP cannot apply: unknown keys, or not a receipt or shipment."""


@dataclass
class Receipt:
    event_id: str
    supplier_id: int
    warehouse_id: int
    lines: list[ReceiptLine]
    reference: str | None


@dataclass
class Dispatch:
    event_id: str
    order_id: int
    warehouse_id: int
    lines: list[ShipLine] | None


@dataclass
class Resolver:
    """Our records by GS1 key, each looked up once per capture."""

    session: AsyncSession
    _cache: dict[tuple[str, Any], Any] = field(default_factory=dict)

    async def _one(self, key: tuple[str, Any], stmt: Callable[[], Any]) -> Any:
        # The statement is built only on a miss: most events name what an earlier one did.
        if key not in self._cache:
            self._cache[key] = await self.session.scalar(stmt())
        return self._cache[key]

    def _gln(self, uri: str, ai: str) -> str:
        # A document names the same few places and parties in every event: read each once.
        key = ("g" + ai, uri)
        if key not in self._cache:
            self._cache[key] = _key(read_gln, uri, ai)
        return str(self._cache[key])

    async def warehouse(self, uri: str) -> Warehouse:
        gln = self._gln(uri, "414")
        found = await self._one(("w", gln), lambda: select(Warehouse).where(Warehouse.gln == gln))
        if found is None:
            raise PlanProblem(f"No warehouse of ours has GLN {gln} ({uri}).")
        return found

    async def supplier(self, uri: str) -> Supplier:
        gln = self._gln(uri, "417")
        found = await self._one(("s", gln), lambda: select(Supplier).where(Supplier.gln == gln))
        if found is None:
            raise PlanProblem(f"No supplier has GLN {gln} ({uri}).")
        return found

    async def product(self, gtin: str) -> Product:
        found = await self._one(("p", gtin), lambda: select(Product).where(Product.gtin == gtin))
        if found is None:
            raise PlanProblem(f"No product has GTIN {gtin}.")
        return found

    async def lot_id(self, gtin: str, lot_number: str) -> int:
        product = await self.product(gtin)
        found = await self._one(("l", (product.id, lot_number)), lambda: select(Lot.id).where(
            Lot.product_id == product.id, Lot.lot_number == lot_number))
        if found is None:
            raise PlanProblem(f"GTIN {gtin} has no lot {lot_number}.")
        return int(found)

    async def serial_lot_id(self, gtin: str, serial_number: str) -> int:
        product = await self.product(gtin)
        found = await self.session.scalar(select(Serial.lot_id).where(
            Serial.product_id == product.id, Serial.serial_number == serial_number))
        if found is None:
            raise PlanProblem(f"GTIN {gtin} has no serial {serial_number}.")
        return int(found)

    async def order(self, number: str) -> SalesOrder:
        found = await self._one(("o", number),
                                lambda: select(SalesOrder).where(SalesOrder.number == number))
        if found is None:
            raise PlanProblem(f"No sales order is numbered {number}.")
        return found

    async def customer_gln(self, customer_id: int) -> str | None:
        return await self._one(("c", customer_id),
                               lambda: select(Customer.gln).where(Customer.id == customer_id))


def _key(reader: Any, *args: Any) -> Any:
    try:
        return reader(*args)
    except GS1KeyError as error:
        raise PlanProblem(str(error)) from None


def _term(value: str | None, prefixes: tuple[str, ...]) -> str | None:
    for prefix in prefixes:
        if value is not None and value.startswith(prefix):
            return value[len(prefix):]
    return value


async def plan(resolver: Resolver, event: Event) -> Receipt | Dispatch:
    step = _term(event.get("bizStep"), BIZ_STEP)
    if event.get("type") != "ObjectEvent" or step not in {"receiving", "shipping"}:
        raise PlanProblem("Only receiving and shipping ObjectEvents are captured.")
    if step == "receiving":
        return await _receipt(resolver, event)
    return await _dispatch(resolver, event)


def _place(event: Event, *keys: str) -> str:
    for key in keys:
        if isinstance(event.get(key), dict) and event[key].get("id"):
            return str(event[key]["id"])
    raise PlanProblem(f"The event names no {' or '.join(keys)}.")


def _transactions(event: Event, kind: str) -> list[str]:
    return [t["bizTransaction"] for t in event.get("bizTransactionList", [])
            if _term(t.get("type"), TRANSACTION_TYPE) == kind]


async def _receipt(resolver: Resolver, event: Event) -> Receipt:
    if event.get("action") != "ADD":
        raise PlanProblem("A receipt is an ADD event (returns and observations are not captured).")
    warehouse = await resolver.warehouse(_place(event, "bizLocation", "readPoint"))
    sources = [s["source"] for s in event.get("sourceList", [])
               if _term(s.get("type"), PARTY_TYPE) in PARTIES]
    if not sources:
        raise PlanProblem("A receipt names its supplier's PGLN as owning_party in sourceList.")
    supplier = await resolver.supplier(sources[0])
    ilmd = event.get("ilmd") or {}
    expires_on = _date(ilmd, "cbvmda:itemExpirationDate")
    made_on = _date(ilmd, "cbvmda:productionDate")
    ilmd_lot = ilmd.get("cbvmda:lotNumber")
    lines: list[ReceiptLine] = []
    for item in event.get("quantityList", []):
        gtin, lot_number = _key(read_lgtin, item["epcClass"])
        if ilmd_lot is not None and ilmd_lot != lot_number:
            raise PlanProblem(f"ilmd names lot {ilmd_lot}, the class {item['epcClass']}.")
        if "uom" in item or item.get("quantity") != int(item.get("quantity", 0)):
            raise PlanProblem(f"{item['epcClass']}: a quantity counts units (no uom).")
        product = await resolver.product(gtin)
        lines.append(ReceiptLine(product_id=product.id, lot_number=lot_number,
                                 quantity=int(item["quantity"]), manufactured_on=made_on,
                                 expires_on=expires_on))
    serials: dict[str, list[str]] = defaultdict(list)
    for epc in event.get("epcList", []):
        gtin, serial = _key(read_sgtin, epc)
        serials[gtin].append(serial)
    if serials and not ilmd_lot:
        raise PlanProblem("Received SGTINs name their lot in ilmd (cbvmda:lotNumber).")
    for gtin, numbers in serials.items():
        product = await resolver.product(gtin)
        lines.append(ReceiptLine(product_id=product.id, lot_number=str(ilmd_lot),
                                 quantity=len(numbers), manufactured_on=made_on,
                                 expires_on=expires_on, serial_numbers=numbers))
    if not lines:
        raise PlanProblem("A receipt lists its lots (quantityList) or units (epcList).")
    desadv = _transactions(event, "desadv")
    reference = _key(read_business_transaction, desadv[0])[1] if desadv else None
    return Receipt(str(event["eventID"]), supplier.id, warehouse.id, lines, reference)


async def _dispatch(resolver: Resolver, event: Event) -> Dispatch:
    warehouse = await resolver.warehouse(_place(event, "readPoint", "bizLocation"))
    orders = _transactions(event, "po")
    if len(orders) != 1:
        raise PlanProblem("A shipment names exactly one po business transaction.")
    gln, number = _key(read_business_transaction, orders[0])
    order = await resolver.order(number)
    if gln not in {warehouse.gln, await resolver.customer_gln(order.customer_id)}:
        raise PlanProblem(f"GLN {gln} of {orders[0]} is neither the warehouse's nor the "
                          f"customer's of order {number}.")
    lines: list[ShipLine] = []
    for item in event.get("quantityList", []):
        gtin, lot_number = _key(read_lgtin, item["epcClass"])
        if "quantity" not in item or item["quantity"] != int(item["quantity"]):
            raise PlanProblem(f"{item['epcClass']}: a shipped class needs a unit quantity.")
        lines.append(ShipLine(lot_id=await resolver.lot_id(gtin, lot_number),
                              quantity=int(item["quantity"])))
    by_lot: dict[int, list[str]] = defaultdict(list)
    for epc in event.get("epcList", []):
        gtin, serial = _key(read_sgtin, epc)
        by_lot[await resolver.serial_lot_id(gtin, serial)].append(serial)
    lines += [ShipLine(lot_id=lot_id, quantity=len(numbers), serial_numbers=numbers)
              for lot_id, numbers in by_lot.items()]
    return Dispatch(str(event["eventID"]), order.id, warehouse.id, lines or None)


def _date(ilmd: dict[str, Any], key: str) -> date | None:
    if key not in ilmd:
        return None
    try:
        return date.fromisoformat(str(ilmd[key])[:10])
    except ValueError:
        raise PlanProblem(f"ilmd {key} {ilmd[key]!r} is not a date.") from None
