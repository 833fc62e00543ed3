"""Serial Shipping Container Codes (GS1 General Specifications 2.2.1) for shipping cartons.

An SSCC is an extension digit, the GS1 company prefix, a serial reference and the check
digit: 18 digits. The serial reference comes from a database sequence, so an SSCC is issued
once even when its shipment is later gone.
"""

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession

from backend.db.models import ShippingCarton
from backend.domain.errors import DomainError, ErrorCode
from backend.domain.rules.gtin import gtin_check_digit

SSCC_LENGTH = 18
# Cartons are packed and labelled here; the extension digit is ours to choose.
EXTENSION_DIGIT = "0"
# The GS1 company prefix, as every GLN of the installation carries it.
COMPANY_PREFIX_LENGTH = 7
MAX_CARTONS = 500
NEXT_REFERENCES = text("""
SELECT nextval('sscc_serial_reference_seq') AS ref,
       (SELECT w.gln FROM warehouses w WHERE w.gln IS NOT NULL
        ORDER BY (w.id <> :warehouse), w.id LIMIT 1) AS gln
FROM generate_series(1, :n)
""")


def make_sscc(company_prefix: str, serial_reference: int) -> str:
    width = SSCC_LENGTH - 2 - len(company_prefix)
    if not company_prefix.isdigit() or serial_reference >= 10**width:
        raise ValueError(f"no SSCC for prefix {company_prefix!r}, reference {serial_reference}")
    body = f"{EXTENSION_DIGIT}{company_prefix}{serial_reference:0{width}d}"
    return body + str(gtin_check_digit(body))


def sscc_problem(value: str) -> str | None:
    """Why `value` is not an SSCC, naming the AI, or None."""
    if len(value) != SSCC_LENGTH or not value.isascii() or not value.isdigit():
        return f"(00) {value} is not an SSCC: an SSCC has 18 digits."
    if gtin_check_digit(value[:-1]) != int(value[-1]):
        return (f"(00) {value} has check digit {value[-1]}; "
                f"an SSCC with these digits ends in {gtin_check_digit(value[:-1])}.")
    return None


def check_carton_count(count: int | None) -> int:
    count = 1 if count is None else count
    if not 1 <= count <= MAX_CARTONS:
        raise DomainError.single(
            ErrorCode.INVALID, f"A shipment is packed in 1 to {MAX_CARTONS} cartons.",
            ("input", "cartonCount"),
        )
    return count


async def add_cartons(
    session: AsyncSession, *, shipment_id: int, warehouse_id: int, count: int
) -> list[ShippingCarton]:
    """`count` cartons numbered 1..count, each with a fresh SSCC. The company prefix is the
    shipping warehouse's (else any GLN of the installation); one statement reads it with the
    serial references."""
    rows = (await session.execute(NEXT_REFERENCES, {"n": count, "warehouse": warehouse_id})).all()
    gln = rows[0].gln if rows else None
    if gln is None:
        raise DomainError.single(
            ErrorCode.INVALID,
            "No warehouse has a GLN, so no SSCC can be issued: give the warehouses their GLNs.",
            ("input", "cartonCount"),
        )
    prefix = gln[:COMPANY_PREFIX_LENGTH]
    cartons = [
        ShippingCarton(shipment_id=shipment_id, sequence=n, sscc=make_sscc(prefix, row.ref))
        for n, row in enumerate(rows, start=1)
    ]
    session.add_all(cartons)
    await session.flush()
    return cartons
