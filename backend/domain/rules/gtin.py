"""GS1 GTIN-14 check digits (GS1 General Specifications, section 7.9)."""


def gtin_check_digit(body: str) -> int:
    """Check digit for the first 13 (or n-1) digits: weights 3,1,3,... from the right."""
    total = sum(int(d) * (3 if i % 2 == 0 else 1) for i, d in enumerate(reversed(body)))
    return (10 - total % 10) % 10


def is_valid_gtin14(gtin: str) -> bool:
    return (
        len(gtin) == 14
        and gtin.isascii()
        and gtin.isdigit()
        and gtin_check_digit(gtin[:-1]) == int(gtin[-1])
    )


def make_gtin14(body13: str) -> str:
    """Complete 13 digits (indicator + company prefix + item reference) with the check digit."""
    if len(body13) != 13 or not body13.isdigit():
        raise ValueError("a GTIN-14 body has 13 digits")
    return body13 + str(gtin_check_digit(body13))
