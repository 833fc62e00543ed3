"""Liveness and readiness probes."""

from __future__ import annotations

import asyncio
import logging

from sqlalchemy import text
from starlette.requests import Request

from backend.http.responses import ORJSONResponse
from backend.state import app_state

READY_TIMEOUT_SECONDS = 2.0

log = logging.getLogger(__name__)


async def healthz(request: Request) -> ORJSONResponse:
    """The process is up and serving requests."""
    return ORJSONResponse({"status": "ok"})


async def readyz(request: Request) -> ORJSONResponse:
    """The process can reach its database; load balancers route by this."""
    try:
        async with asyncio.timeout(READY_TIMEOUT_SECONDS):
            async with app_state(request).engine.connect() as conn:
                await conn.execute(text("select 1"))
    except Exception as exc:  # any failure means "not ready"
        log.warning("readiness check failed: %s", exc)
        return ORJSONResponse({"status": "unavailable"}, status_code=503)
    return ORJSONResponse({"status": "ready"})
