"""The scale data holds one lot shipped very often (what `bench/standards.py` queries EPCIS
events for): the most ordered lot-tracked bought product's first lot, a bulk buy received at
the hub and shipped FEFO from every warehouse until it runs out."""

from collections import defaultdict
from datetime import UTC, datetime

import pytest

from backend.seed import scale_stock
from backend.seed.scale_gen import Context, generate

NOW = datetime(2026, 3, 15, 12, 0, tzinfo=UTC)


def _shipments_per_lot(size: float) -> tuple[dict[int, int], list[list]]:
    data = generate(size, ctx=Context(now=NOW))
    shipped: dict[int, set[int]] = defaultdict(set)
    for shipment, _, _, lot, _ in data.shipment_lines:
        shipped[lot].add(shipment)
    return {lot: len(s) for lot, s in shipped.items()}, data.lots


def test_one_lot_is_shipped_about_as_often_as_asked_and_the_same_every_time(
    monkeypatch: pytest.MonkeyPatch
) -> None:
    # 60 order lines' worth out of the ~100 its product has in a set of ~300 orders.
    monkeypatch.setattr(scale_stock, "WIDE_LOT_SHIPMENTS", 60)
    counts, lots = _shipments_per_lot(0.03)
    widest = max(counts, key=lambda lot: counts[lot])
    product = lots[widest][0]
    assert widest == min(i for i, row in enumerate(lots) if row[0] == product)  # its first lot
    assert 45 <= counts[widest] <= 75, counts[widest]
    others = sorted(counts.values())[-2]
    assert counts[widest] >= 2 * others  # no other lot comes near
    again, _ = _shipments_per_lot(0.03)
    assert again == counts  # deterministic
