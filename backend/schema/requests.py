"""What identifies a mutation request for idempotency: its input as plain JSON-able data."""

import dataclasses
from typing import Any

from backend.api.ids import input_pk
from backend.domain.rules.pricing import LineRequest


def as_request(input: Any, **arguments: Any) -> dict[str, Any]:
    """The input's fields (and any other arguments), for hashing; the key itself is left out."""
    request = dataclasses.asdict(input) if input is not None else {}
    request.pop("idempotency_key", None)
    return {**request, **arguments}


def line_requests(lines: list[Any]) -> list[LineRequest]:
    """Order or quote lines as the domain takes them; ids decoded at their input path."""
    return [
        LineRequest(
            product_id=input_pk(
                line.product_id, "Product", ("input", "lines", str(n), "productId")
            ),
            quantity=line.quantity,
            unit_price=line.unit_price,
            discount_percent=line.discount_percent,
        )
        for n, line in enumerate(lines)
    ]
