"""Quote expiry is read from the stored status and the validity date, in the domain only."""

from datetime import date

from backend.domain.sales.quotes import EXPIRED, effective_status
from backend.enums import QuoteStatus

TODAY = date(2026, 6, 1)


def test_an_open_quote_past_its_validity_date_is_expired() -> None:
    assert effective_status(QuoteStatus.OPEN, date(2026, 5, 31), TODAY) == EXPIRED
    assert effective_status("OPEN", date(2026, 5, 31), TODAY) == EXPIRED


def test_an_open_quote_is_valid_through_its_last_day() -> None:
    assert effective_status(QuoteStatus.OPEN, TODAY, TODAY) == "OPEN"


def test_converted_and_cancelled_quotes_keep_their_status_after_the_date() -> None:
    assert effective_status(QuoteStatus.CONVERTED, date(2020, 1, 1), TODAY) == "CONVERTED"
    assert effective_status(QuoteStatus.CANCELLED, date(2020, 1, 1), TODAY) == "CANCELLED"
