"""Fixtures of the domain tests: the demo users as actors, over the shared test database."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

import pytest
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from backend.domain.actor import Actor
from tests.support.builders import demo_actor

ActorOf = Callable[[str], Awaitable[Actor]]


@pytest.fixture
def actor_of(sessionmaker: async_sessionmaker[AsyncSession], demo_data: object) -> ActorOf:
    """`await actor_of("manager")`: a demo user with its roles (and partner binding)."""

    async def make(username: str) -> Actor:
        async with sessionmaker() as session:
            return await demo_actor(session, username)

    return make
