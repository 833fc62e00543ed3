"""Request bodies larger than the limit are refused with 413 before anyone reads them whole.

GraphQL documents and JSON bodies are small; only multipart uploads (documents
attached to records) get the larger limit.
"""

import orjson
from starlette.datastructures import Headers
from starlette.types import ASGIApp, Message, Receive, Scope, Send

MAX_JSON_BODY = 512 * 1024
MAX_UPLOAD_BODY = 32 * 1024 * 1024
# EPCIS documents batch many events: a 1,000-event receipt is over half a megabyte.
BULK_JSON_PATHS = {"/epcis/capture": 16 * 1024 * 1024}
# Up to this size an oversized body is read and dropped before answering, so that the
# client, still sending, gets to read the 413; beyond it the connection is simply closed.
DRAIN_LIMIT = 64 * 1024 * 1024


class BodyTooLarge(Exception):
    pass


class BodyLimit:
    def __init__(
        self, app: ASGIApp, *, max_body: int = MAX_JSON_BODY, max_upload: int = MAX_UPLOAD_BODY
    ) -> None:
        self.app = app
        self.max_body = max_body
        self.max_upload = max_upload

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        headers = Headers(scope=scope)
        multipart = headers.get("content-type", "").lower().startswith("multipart/form-data")
        limit = self.max_upload if multipart else BULK_JSON_PATHS.get(scope["path"],
                                                                         self.max_body)
        declared = headers.get("content-length")
        if declared is not None and declared.isdigit() and int(declared) > limit:
            if int(declared) <= DRAIN_LIMIT:
                await _drain(receive)
            return await _refuse(send, limit)

        received = 0
        started = False

        async def counting_receive() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > limit:
                    raise BodyTooLarge
            return message

        async def tracking_send(message: Message) -> None:
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, counting_receive, tracking_send)
        except BodyTooLarge:
            if started:
                raise
            await _drain(receive, received)
            await _refuse(send, limit)


async def _drain(receive: Receive, received: int = 0) -> None:
    while received <= DRAIN_LIMIT:
        message = await receive()
        if message["type"] != "http.request":
            return
        received += len(message.get("body", b""))
        if not message.get("more_body", False):
            return


async def _refuse(send: Send, limit: int) -> None:
    body = orjson.dumps(
        {
            "error": "payload_too_large",
            "message": f"The request body is larger than the limit of {limit} bytes.",
            "errors": [
                {
                    "message": f"The request body is larger than the limit of {limit} bytes.",
                    "extensions": {"code": "PAYLOAD_TOO_LARGE"},
                }
            ],
        }
    )
    await send(
        {
            "type": "http.response.start",
            "status": 413,
            "headers": [(b"content-type", b"application/json")],
        }
    )
    await send({"type": "http.response.body", "body": body})
