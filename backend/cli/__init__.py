"""The `erp` command line: `main` parses, runs one handler and turns expected failures
into one line on stderr.

The handlers live by purpose: `database.py` (serve, migrate, downgrade, seed, db-url,
db-stop), `operations.py` (export-schema, import, audit verify, worker, outbox prune);
`parser.py` is the grammar, `common.py` what they share.
"""

from __future__ import annotations

import logging
import sys
from collections.abc import Sequence

from backend.cli.common import CommandError
from backend.cli.parser import build_parser
from backend.settings import ConfigError, Settings

__all__ = ["CommandError", "build_parser", "main"]


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        settings = Settings()
        _configure_logging(settings.log_level)
        args.handler(args, settings)
    except ConfigError as exc:
        return _fail(str(exc), 2)
    except CommandError as exc:
        return _fail(str(exc), exc.exit_code)
    except KeyboardInterrupt:
        return 130
    except Exception as exc:
        message = _expected_failure(exc)
        if message is None:
            raise
        return _fail(message, 1)
    return 0


def _configure_logging(level: str) -> None:
    logging.basicConfig(
        level=logging.WARNING, format="%(asctime)s %(levelname)s %(name)s: %(message)s"
    )
    # Our own messages and alembic's "Running upgrade ..." lines; other
    # libraries only when something is wrong.
    for name in ("erp", "backend", "alembic.runtime.migration"):
        logging.getLogger(name).setLevel(level.upper())


def _expected_failure(exc: Exception) -> str | None:
    """A one-line explanation for failures that are about the environment, not bugs."""
    from pydantic import ValidationError
    from sqlalchemy.exc import DBAPIError, OperationalError

    if isinstance(exc, ValidationError):
        problems = "; ".join(
            f"{'.'.join(str(p) for p in err['loc']) or 'value'}: {err['msg']}"
            for err in exc.errors()
        )
        return f"invalid configuration: {problems}"
    if isinstance(exc, OperationalError | DBAPIError | ConnectionError):
        return f"cannot use the database: {_first_line(exc)}"
    if isinstance(exc, OSError):  # e.g. an unwritable output file
        return _first_line(exc)
    return None


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip()
    return text.splitlines()[0] if text else exc.__class__.__name__


def _fail(message: str, exit_code: int) -> int:
    print(f"erp: error: {message}", file=sys.stderr)
    return exit_code
