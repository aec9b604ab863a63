"""What keeps team pages safe on a shared network.

CSRF tokens bound to the device and the link, a per-link limit on submissions, a bound on
request bodies, and the headers every answer carries (a strict Content-Security-Policy, no
referrer, no caching, no sniffing, no framing). Plain ASGI and the standard library, so the
rules can be tested without a server.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
import threading
import time
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

MAX_BODY = 512 * 1024
"""Largest request body accepted (bytes): a move at every length limit, in any script."""

CONTENT_SECURITY_POLICY = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; "
    "connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'"
)

SECURITY_HEADERS = (
    (b"content-security-policy", CONTENT_SECURITY_POLICY.encode()),
    (b"referrer-policy", b"no-referrer"),
    (b"x-content-type-options", b"nosniff"),
    (b"x-frame-options", b"DENY"),
    (b"cache-control", b"no-store"),
    (b"cross-origin-opener-policy", b"same-origin"),
    (b"cross-origin-resource-policy", b"same-origin"),
)


class CsrfTokens:
    """Tokens that prove a form came from the page this device was given for this link."""

    def __init__(self, key: bytes | None = None) -> None:
        self._key = key if key is not None else secrets.token_bytes(32)

    def token(self, team_id: str, generation: int, device: str) -> str:
        """The token the device's forms carry."""
        message = f"{team_id}\x00{generation}\x00{device}".encode()
        return hmac.new(self._key, message, hashlib.sha256).hexdigest()

    def check(self, token: str, team_id: str, generation: int, device: str) -> bool:
        """Whether ``token`` is the one this device was given (compared in constant time)."""
        expected = self.token(team_id, generation, device)
        return hmac.compare_digest(token.encode("utf-8", "surrogatepass"), expected.encode())


class RateLimit:
    """A token bucket per key: ``burst`` at once, then one more every ``per`` seconds."""

    def __init__(self, burst: int = 10, per: float = 3.0) -> None:
        self.burst = burst
        self.per = per
        self._lock = threading.Lock()
        self._buckets: dict[str, tuple[float, float]] = {}

    def allow(self, key: str, now: float | None = None) -> bool:
        """Take one token for ``key``; False when none is left."""
        now = time.monotonic() if now is None else now
        with self._lock:
            tokens, last = self._buckets.get(key, (float(self.burst), now))
            tokens = min(float(self.burst), tokens + (now - last) / self.per)
            if tokens < 1.0:
                self._buckets[key] = (tokens, now)
                return False
            self._buckets[key] = (tokens - 1.0, now)
            return True

    def retry_after(self, key: str) -> int:
        """Seconds until ``key`` may submit again (at least 1)."""
        with self._lock:
            tokens, _ = self._buckets.get(key, (float(self.burst), 0.0))
        return max(1, round((1.0 - tokens) * self.per))


class Guard:
    """ASGI middleware: bounded bodies and the security headers on every answer."""

    def __init__(self, app: ASGIApp, *, max_body: int = MAX_BODY, tls: bool = False) -> None:
        self.app = app
        self.max_body = max_body
        self.headers = list(SECURITY_HEADERS)
        if tls:
            self.headers.append((b"strict-transport-security", b"max-age=86400"))

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Serve one request: refuse an oversized body, add the headers to the answer."""
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = _content_length(scope)
        if declared is not None and declared > self.max_body:
            await self._too_large(send)
            return
        # The whole body is read here, within the bound, before the app sees any of it: a
        # body without a declared length cannot grow past the bound either.
        chunks: list[bytes] = []
        size = 0
        more = True
        while more:
            message = await receive()
            if message["type"] != "http.request":
                return  # the client went away
            chunk = message.get("body", b"")
            size += len(chunk)
            if size > self.max_body:
                await self._too_large(send)
                return
            chunks.append(chunk)
            more = bool(message.get("more_body", False))
        replayed = False

        async def replay() -> Message:
            nonlocal replayed
            if not replayed:
                replayed = True
                return {"type": "http.request", "body": b"".join(chunks), "more_body": False}
            return await receive()

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                message["headers"] = [*message.get("headers", []), *self.headers]
            await send(message)

        await self.app(scope, replay, send_with_headers)

    async def _too_large(self, send: Send) -> None:
        body = (
            f"The request is too large: at most {self.max_body // 1024} KiB may be sent.\n"
        ).encode()
        await send(
            {
                "type": "http.response.start",
                "status": 413,
                "headers": [
                    (b"content-type", b"text/plain; charset=utf-8"),
                    (b"content-length", str(len(body)).encode()),
                    (b"connection", b"close"),
                    *self.headers,
                ],
            }
        )
        await send({"type": "http.response.body", "body": body})


def _content_length(scope: Scope) -> int | None:
    for name, value in scope.get("headers", []):
        if name == b"content-length":
            try:
                return int(value)
            except ValueError:
                return None
    return None
