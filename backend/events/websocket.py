"""The graphql-transport-ws details our subscribers rely on.

- A refused `connection_init` closes the socket with a specific code before any
  data: 4401 when no token came, 4403 when the token is invalid or expired
  (Strawberry's own rejection always answers 4403).
- Messages go out as text frames, as the protocol requires; the view encodes
  JSON to bytes for HTTP, which WebSocket clients would receive as binary.
- A `next` message with a subscription event's shared result reuses the
  payload JSON encoded for the first subscriber of its group (SharedData);
  such per-event payloads carry no `extensions`: the cost limits apply when
  the subscription starts.
"""

from collections.abc import Mapping

import orjson
from starlette.websockets import WebSocketDisconnect
from strawberry.asgi import ASGIWebSocketAdapter
from strawberry.http.exceptions import WebSocketDisconnected
from strawberry.subscriptions.protocols.graphql_transport_ws.handlers import (
    BaseGraphQLTransportWSHandler,
)
from strawberry.subscriptions.protocols.graphql_transport_ws.types import Message

from backend.events.shared_results import SharedData

UNAUTHORIZED = 4401
FORBIDDEN = 4403


class SocketRejected(Exception):
    """Raised by `on_ws_connect` to close the connection with `code`."""

    def __init__(self, code: int, reason: str) -> None:
        super().__init__(reason)
        self.code = code
        self.reason = reason


class TransportWSHandler(BaseGraphQLTransportWSHandler):
    async def handle_message(self, message: Message) -> None:
        try:
            await super().handle_message(message)
        except SocketRejected as exc:
            await self.websocket.close(code=exc.code, reason=exc.reason)


class TextWebSocketAdapter(ASGIWebSocketAdapter):
    async def send_json(self, message: Mapping[str, object]) -> None:
        text = self._shared_next(message)
        if text is None:
            encoded = self.view.encode_json(message)
            text = encoded.decode() if isinstance(encoded, bytes) else encoded
        try:
            await self.ws.send_text(text)
        except WebSocketDisconnect as exc:
            raise WebSocketDisconnected from exc

    def _shared_next(self, message: Mapping[str, object]) -> str | None:
        if message.get("type") != "next":
            return None
        payload = message["payload"]
        if not isinstance(payload, Mapping):
            return None
        data = payload.get("data")
        if not isinstance(data, SharedData) or payload.get("errors"):
            return None
        operation_id = orjson.dumps(message["id"]).decode()
        payload_json = data.payload_json(self.view.encode_json)
        return f'{{"id":{operation_id},"type":"next","payload":{payload_json}}}'
