"""Serving the single-page app: the built bundle, or a placeholder without one."""

from __future__ import annotations

from pathlib import Path

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import HTMLResponse, Response
from starlette.routing import BaseRoute, Match, Mount, Route
from starlette.staticfiles import StaticFiles
from starlette.types import Scope

# Paths owned by the API. An unknown path below them is a real 404, not a
# client-side route of the SPA.
API_PREFIXES = ("/graphql", "/auth/", "/documents/", "/healthz", "/readyz")

PLACEHOLDER_HTML = """<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>ERP</title></head>
<body>
  <h1>ERP &mdash; order-to-cash and lot/serial traceability</h1>
  <p>The web app has not been built. Run <code>make run</code>, or use the API at
  <a href="/graphql">/graphql</a>.</p>
</body>
</html>
"""


class SPAStaticFiles(StaticFiles):
    """Static files that answer unknown page paths with index.html (client-side routing)."""

    async def get_response(self, path: str, scope: Scope) -> Response:
        try:
            response = await super().get_response(path, scope)
        except HTTPException as exc:
            if exc.status_code != 404 or not _is_page_request(scope):
                raise
            response = await super().get_response("index.html", scope)
        if path.startswith("assets/"):
            # Vite names bundled assets by content hash; they never change.
            response.headers.setdefault("cache-control", "public, max-age=31536000, immutable")
        else:
            response.headers.setdefault("cache-control", "no-cache")
        return response


class SPAMount(Mount):
    """The mount at "/" that leaves API paths to the API, so a wrong method there stays a 405."""

    def matches(self, scope: Scope) -> tuple[Match, Scope]:
        if scope["type"] == "http" and scope["path"].startswith(API_PREFIXES):
            return Match.NONE, {}
        return super().matches(scope)


def _is_page_request(scope: Scope) -> bool:
    path: str = scope["path"]
    if scope["method"] not in ("GET", "HEAD"):
        return False
    if path.startswith(API_PREFIXES):
        return False
    # A missing file with an extension (e.g. /favicon.ico) stays a 404.
    last = path.rsplit("/", 1)[-1]
    return "." not in last


async def _placeholder(request: Request) -> HTMLResponse:
    return HTMLResponse(PLACEHOLDER_HTML)


def spa_routes(dist_dir: Path) -> list[BaseRoute]:
    """Routes for "/": the built SPA when `dist_dir/index.html` exists, else a placeholder.

    These go last, after the API routes, so they only see what the API did not match.
    """
    if (dist_dir / "index.html").is_file():
        return [SPAMount("/", app=SPAStaticFiles(directory=dist_dir, html=True), name="spa")]
    return [Route("/", _placeholder, methods=["GET", "HEAD"])]
