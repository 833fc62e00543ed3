"""Fixtures for tests of the public graph: synthetic data beside the demo data."""

from __future__ import annotations

import pytest


@pytest.fixture(scope="session")
async def scale_data(database_url: str, demo_data: object) -> dict[str, int]:
    """About a hundred synthetic orders with shipments, lots and serials beside the demo data."""
    from backend.seed.scale import load_scale

    return await load_scale(database_url, scale=1, fraction=0.01, progress=False)
