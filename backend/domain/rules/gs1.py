"""GS1 element strings for UDI labels (AIs 01 GTIN, 17 expiry YYMMDD, 10 lot, 21 serial)."""

from datetime import date


def udi_string(
    *,
    gtin: str,
    expires_on: date | None,
    lot_number: str | None,
    serial_number: str | None,
) -> str:
    """Human-readable form with parenthesised AIs, in the order GS1 recommends."""
    parts = [f"(01){gtin}"]
    if expires_on is not None:
        parts.append(f"(17){expires_on:%y%m%d}")
    if lot_number:
        parts.append(f"(10){lot_number}")
    if serial_number:
        parts.append(f"(21){serial_number}")
    return "".join(parts)
