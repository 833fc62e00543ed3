"""Runtime configuration, read from environment variables."""

from __future__ import annotations

import os
import secrets
from enum import StrEnum
from pathlib import Path
from typing import Literal

from pydantic import AliasChoices, Field, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

MIN_SECRET_BYTES = 32
SECRET_FILE_NAME = "jwt-secret"
LOG_LEVELS = ("critical", "error", "warning", "info", "debug")


class ConfigError(Exception):
    """The configuration cannot be used; the message says how to fix it."""


class Environment(StrEnum):
    DEVELOPMENT = "development"
    PRODUCTION = "production"


def _env(*names: str) -> AliasChoices:
    return AliasChoices(*names)


class Settings(BaseSettings):
    model_config = SettingsConfigDict(frozen=True, extra="ignore", populate_by_name=True)

    # repr=False: URLs and secrets stay out of logs and tracebacks.
    database_url: str | None = Field(
        default=None, repr=False, validation_alias=_env("DATABASE_URL")
    )
    host: str = Field(default="127.0.0.1", validation_alias=_env("HOST"))
    port: int = Field(default=8000, validation_alias=_env("PORT"))
    env: Environment = Field(default=Environment.DEVELOPMENT, validation_alias=_env("ERP_ENV"))
    data_dir: Path = Field(default=Path("./var"), validation_alias=_env("ERP_DATA_DIR"))
    log_level: str = Field(default="info", validation_alias=_env("ERP_LOG_LEVEL"))

    jwt_secret: str | None = Field(
        default=None, repr=False, validation_alias=_env("ERP_JWT_SECRET")
    )
    # Comma-separated "kid:secret" pairs still accepted for verification after a rotation.
    jwt_previous_keys: str | None = Field(
        default=None, repr=False, validation_alias=_env("ERP_JWT_PREVIOUS_KEYS")
    )
    jwt_kid: str = Field(default="k1", validation_alias=_env("ERP_JWT_KID"))
    jwt_issuer: str = Field(default="erp", validation_alias=_env("ERP_JWT_ISSUER"))
    jwt_audience: str = Field(default="erp-api", validation_alias=_env("ERP_JWT_AUDIENCE"))
    token_ttl_seconds: int = Field(
        default=3600, gt=0, validation_alias=_env("ERP_TOKEN_TTL_SECONDS")
    )
    # "auto": text for a person at a terminal, JSON for a log collector.
    log_format: Literal["json", "text", "auto"] = Field(
        default="auto", validation_alias=_env("ERP_LOG_FORMAT")
    )

    # Query cost (backend/security/cost.py): the most one operation may cost, and each
    # principal's budget, which refills at a steady rate. The figures are for partners and
    # anonymous callers; staff budgets are `staff_cost_factor` times larger.
    max_query_cost: int = Field(
        default=100_000, gt=0, validation_alias=_env("ERP_MAX_QUERY_COST")
    )
    cost_budget: int = Field(default=100_000, gt=0, validation_alias=_env("ERP_COST_BUDGET"))
    cost_restore_rate: float = Field(
        default=5_000.0, gt=0, validation_alias=_env("ERP_COST_RESTORE_RATE")
    )
    staff_cost_factor: float = Field(
        default=20.0, ge=1, validation_alias=_env("ERP_STAFF_COST_FACTOR")
    )
    # How long a request waits for a database connection before SERVICE_UNAVAILABLE.
    db_pool_timeout_seconds: float = Field(
        default=2.0, gt=0, validation_alias=_env("ERP_DB_POOL_TIMEOUT")
    )
    # Whether answers say which read path built them (`extensions.readPath`) and the
    # X-Read-Path request header is heeded; unset: everywhere but in production.
    read_path_extension: bool | None = Field(
        default=None, validation_alias=_env("ERP_READ_PATH_EXTENSION")
    )
    # PARTNER tokens may only run operations already registered as persisted queries.
    partner_persisted_only: bool = Field(
        default=False, validation_alias=_env("ERP_PARTNER_PERSISTED_ONLY")
    )
    # Failed logins allowed per minute (also the burst), per username and per client address.
    login_failures_per_user: int = Field(
        default=5, gt=0, validation_alias=_env("ERP_LOGIN_FAILURES_PER_USER")
    )
    login_failures_per_address: int = Field(
        default=30, gt=0, validation_alias=_env("ERP_LOGIN_FAILURES_PER_ADDRESS")
    )

    @field_validator("log_level")
    @classmethod
    def _known_log_level(cls, value: str) -> str:
        value = value.strip().lower()
        if value not in LOG_LEVELS:
            raise ValueError(f"must be one of {', '.join(LOG_LEVELS)}")
        return value

    @property
    def is_production(self) -> bool:
        return self.env is Environment.PRODUCTION

    @property
    def shows_read_path(self) -> bool:
        if self.read_path_extension is not None:
            return self.read_path_extension
        return not self.is_production


def weak_secret_reason(secret: str) -> str | None:
    """Say why a signing secret is too weak, or None when it is acceptable."""
    if len(secret.encode()) < MIN_SECRET_BYTES:
        return f"shorter than {MIN_SECRET_BYTES} bytes"
    if len(set(secret)) == 1:
        return "a single repeated character"
    return None


_HOW_TO_SET = (
    "set it to a random value of at least 32 bytes, e.g. "
    "ERP_JWT_SECRET=\"$(python3 -c 'import secrets; print(secrets.token_urlsafe(48))')\""
)


def resolve_jwt_secret(settings: Settings) -> str:
    """Return the secret that signs access tokens.

    Production requires an explicit strong secret. Development falls back to a
    random secret kept in the data directory, so tokens survive a restart.
    """
    secret = settings.jwt_secret
    if secret:
        reason = weak_secret_reason(secret)
        if reason is None:
            return secret
        if settings.is_production:
            raise ConfigError(f"ERP_JWT_SECRET is too weak ({reason}); {_HOW_TO_SET}")
        # A weak secret is tolerated outside production: it is the developer's choice.
        return secret
    if settings.is_production:
        raise ConfigError(f"ERP_JWT_SECRET is not set and ERP_ENV=production; {_HOW_TO_SET}")
    return _development_secret(settings.data_dir)


def _development_secret(data_dir: Path) -> str:
    path = data_dir / SECRET_FILE_NAME
    if path.exists():
        return path.read_text().strip()
    data_dir.mkdir(parents=True, exist_ok=True)
    secret = secrets.token_urlsafe(48)
    # Write aside, then link into place: link fails if another process won the
    # race, and a reader never sees a half-written file.
    staging = data_dir / f".{SECRET_FILE_NAME}.{os.getpid()}"
    fd = os.open(staging, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w") as f:
        f.write(secret + "\n")
    try:
        os.link(staging, path)
    except FileExistsError:
        secret = path.read_text().strip()
    finally:
        staging.unlink()
    return secret
