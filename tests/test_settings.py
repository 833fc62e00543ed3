import os
import stat
import subprocess
import sys

import pytest

from backend.paths import REPO_ROOT
from backend.settings import ConfigError, Environment, Settings, resolve_jwt_secret

STRONG = "k3Y-" + "abcdefghijklmnopqrstuvwxyz0123456789"


@pytest.fixture(autouse=True)
def clean_env(monkeypatch):
    for name in list(os.environ):
        if name.startswith("ERP_") or name in ("DATABASE_URL", "HOST", "PORT"):
            monkeypatch.delenv(name)


def test_defaults():
    settings = Settings()
    assert settings.host == "127.0.0.1"
    assert settings.port == 8000
    assert settings.env is Environment.DEVELOPMENT
    assert settings.jwt_issuer == "erp"
    assert settings.jwt_audience == "erp-api"
    assert settings.token_ttl_seconds == 3600
    assert settings.jwt_kid == "k1"


def test_reads_environment(monkeypatch):
    monkeypatch.setenv("ERP_ENV", "production")
    monkeypatch.setenv("PORT", "9001")
    monkeypatch.setenv("ERP_TOKEN_TTL_SECONDS", "60")
    settings = Settings()
    assert settings.is_production
    assert settings.port == 9001
    assert settings.token_ttl_seconds == 60


def test_settings_are_frozen():
    settings = Settings()
    with pytest.raises(ValueError):
        settings.port = 1


def test_secret_not_in_repr():
    assert STRONG not in repr(Settings(jwt_secret=STRONG))


def test_production_requires_a_secret(tmp_path):
    settings = Settings(env="production", data_dir=tmp_path)
    with pytest.raises(ConfigError, match="ERP_JWT_SECRET is not set"):
        resolve_jwt_secret(settings)
    assert not (tmp_path / "jwt-secret").exists()


@pytest.mark.parametrize(
    ("secret", "reason"),
    [("short-secret", "shorter than 32 bytes"), ("x" * 64, "single repeated character")],
)
def test_production_rejects_weak_secret(secret, reason):
    settings = Settings(env="production", jwt_secret=secret)
    with pytest.raises(ConfigError, match=reason) as excinfo:
        resolve_jwt_secret(settings)
    message = str(excinfo.value)
    assert "\n" not in message
    assert "ERP_JWT_SECRET" in message and "at least 32 bytes" in message


def test_production_accepts_strong_secret():
    assert resolve_jwt_secret(Settings(env="production", jwt_secret=STRONG)) == STRONG


def test_development_generates_and_keeps_a_secret(tmp_path):
    data_dir = tmp_path / "var"
    settings = Settings(data_dir=data_dir)
    first = resolve_jwt_secret(settings)
    assert len(first) >= 64  # 48 random bytes, base64url
    path = data_dir / "jwt-secret"
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert resolve_jwt_secret(Settings(data_dir=data_dir)) == first
    assert [p.name for p in data_dir.iterdir()] == ["jwt-secret"]


def test_serve_in_production_without_secret_exits_cleanly(tmp_path):
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith("ERP_") and k not in ("DATABASE_URL", "PORT", "HOST")
    }
    env.update(ERP_ENV="production", ERP_DATA_DIR=str(tmp_path))
    result = subprocess.run(
        [sys.executable, "-m", "backend", "serve"],
        cwd=REPO_ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 2, result.stderr
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("erp: error: ERP_JWT_SECRET is not set")
    assert list(tmp_path.iterdir()) == []  # nothing was started or written
