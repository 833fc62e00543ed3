"""Commands that run the server and look after its database: serve, migrate, downgrade,
seed, db-url, db-stop."""

from __future__ import annotations

import argparse
import asyncio
import logging
import os
from typing import Any

from backend.cli.common import (
    CommandError,
    database_url,
    engine_for,
    load_demo,
    users_table_empty,
)
from backend.settings import Settings, resolve_jwt_secret

log = logging.getLogger("erp")


def cmd_serve(args: argparse.Namespace, settings: Settings) -> None:
    import uvicorn

    from backend.app import create_app
    from backend.db import migrate
    from backend.observability.logging import configure as configure_logging

    overrides = {k: v for k, v in (("host", args.host), ("port", args.port)) if v is not None}
    settings = settings.model_copy(update=overrides)
    resolve_jwt_secret(settings)  # fail fast, before starting anything

    url = database_url(settings)
    migrate.upgrade(url)
    if not args.no_seed:
        if settings.is_production:
            log.info("ERP_ENV=production: demo data is never loaded")
        elif asyncio.run(users_table_empty(url)):
            log.info("empty database: loading demo data (password for all users: demo1234)")
            asyncio.run(load_demo(url, settings.data_dir))

    text = _banner(settings, url)
    common: dict[str, Any] = {}
    if args.workers > 1:
        # Each worker process builds its own app from the environment (with the resolved URL).
        os.environ["DATABASE_URL"] = url
        app: Any = "backend.app:app_from_environment"
        common = {"factory": True, "workers": args.workers}
    else:
        # The app's engine connects to the same resolved URL without asking again.
        app = create_app(settings.model_copy(update={"database_url": url}))
    # From here on every line, uvicorn's included, is structured and names its request.
    configure_logging(settings.log_level, settings.log_format)
    options: dict[str, Any] = dict(
        host=settings.host,
        port=settings.port,
        proxy_headers=True,
        # Live updates are small JSON messages sent to many sockets at once: compressing
        # each one per socket costs more CPU than the bandwidth it saves.
        ws_per_message_deflate=False,
        log_level=settings.log_level.lower(),
        log_config=None,
    )
    if args.workers > 1:
        print(text, flush=True)
        uvicorn.run(app, **common, **options)
        return

    class Server(uvicorn.Server):
        # The banner comes once the socket accepts connections, so it ends the start-up
        # output instead of being lost in it.
        async def startup(self, sockets: Any = None) -> None:
            await super().startup(sockets)
            if self.started:
                print(text, flush=True)

    Server(uvicorn.Config(app, **options)).run()


def _banner(settings: Settings, url: str) -> str:
    from backend.cli.banner import banner
    from backend.seed.demo_data import PASSWORD, USERS

    demo = not settings.is_production and asyncio.run(_has_demo_admin(url))
    return banner(
        settings,
        demo_users=[user[0] for user in USERS] if demo else [],
        password=PASSWORD if demo else None,
        embedded_db=not settings.database_url,
    )


async def _has_demo_admin(url: str) -> bool:
    """Whether the demo users are there: a database of real users gets no password hint."""
    from sqlalchemy import text

    async with engine_for(url) as engine, engine.connect() as conn:
        found = await conn.scalar(
            text("select exists (select 1 from users where username = 'admin')")
        )
        return bool(found)


def cmd_migrate(args: argparse.Namespace, settings: Settings) -> None:
    from backend.db import migrate

    migrate.upgrade(database_url(settings), args.revision)


def cmd_downgrade(args: argparse.Namespace, settings: Settings) -> None:
    from backend.db import migrate

    migrate.downgrade(database_url(settings), args.revision)


def cmd_seed(args: argparse.Namespace, settings: Settings) -> None:
    from backend.db import migrate

    if args.demo and settings.is_production:
        raise CommandError("refusing to load demo users with ERP_ENV=production", exit_code=2)
    url = database_url(settings)
    migrate.upgrade(url)
    if args.demo:
        if not asyncio.run(users_table_empty(url)):
            raise CommandError(
                "the database already has users; demo data loads only into an empty database"
            )
        asyncio.run(load_demo(url, settings.data_dir))
        print("demo data loaded; every demo user's password is demo1234")
    else:
        from backend.seed.scale import ScaleDataAlreadyLoaded, load_scale

        try:
            counts = asyncio.run(load_scale(url, args.scale))
        except ScaleDataAlreadyLoaded as exc:
            raise CommandError(str(exc), exit_code=2) from None
        print(", ".join(f"{table} {rows:,}" for table, rows in counts.items()))


def cmd_db_url(args: argparse.Namespace, settings: Settings) -> None:
    from backend.db.embedded import to_libpq_url

    url = database_url(settings)
    print(url if args.sqlalchemy else to_libpq_url(url))


def cmd_db_stop(args: argparse.Namespace, settings: Settings) -> None:
    from backend.db.embedded import stop_embedded

    if settings.database_url:
        raise CommandError("DATABASE_URL is set: there is no embedded server to stop")
    print("stopped" if stop_embedded(settings.data_dir) else "not running")
