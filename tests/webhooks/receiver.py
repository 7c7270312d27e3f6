"""A partner's webhook endpoint, on 127.0.0.1, for tests: it verifies every delivery's
signatures as docs/api.md tells partners to, and keeps what it was sent."""

from __future__ import annotations

import hashlib
import hmac
import json
import threading
import time
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from standardwebhooks import Webhook


class Receiver:
    """Serves on a free port of 127.0.0.1 until ``close``. ``answer`` decides each reply
    (a status code, after an optional delay); ``events`` is what arrived, verified, in
    arrival order; ``forged`` counts deliveries whose signatures did not verify."""

    def __init__(self, secret: str = ""):
        self.secret = secret
        self.events: list[dict] = []
        self.headers: list[dict] = []
        self.forged = 0
        # POSTs that came in, answered or not yet.
        self.arrived = 0
        self.answer: Callable[[dict], tuple[int, float]] = lambda event: (200, 0.0)
        self.lock = threading.Lock()
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                with receiver.lock:
                    receiver.arrived += 1
                body = self.rfile.read(int(self.headers["Content-Length"]))
                headers = dict(self.headers.items())
                event = receiver.verify(body, headers)
                status, delay = receiver.answer(event) if event else (400, 0.0)
                time.sleep(delay)
                if event is not None and 200 <= status < 300:
                    with receiver.lock:
                        receiver.events.append(event)
                        receiver.headers.append(headers)
                try:
                    self.send_response(status)
                    self.send_header("Content-Type", "text/plain")
                    self.end_headers()
                    self.wfile.write(b"thanks" if status < 300 else b"not now")
                except OSError:
                    pass  # the worker gave up waiting (or was killed)

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.server.server_port}/hooks"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def verify(self, body: bytes, headers: dict) -> dict | None:
        """The event, if both signatures hold (the snippet docs/api.md gives)."""
        expected = "sha256=" + hmac.new(self.secret.encode(), body, hashlib.sha256).hexdigest()
        given = headers.get("X-Factcheck-Signature", "")
        try:
            event = Webhook(self.secret).verify(body, headers)
        except Exception:
            event = None
        if event is None or not hmac.compare_digest(expected, given):
            with self.lock:
                self.forged += 1
            return None
        assert headers["X-Factcheck-Event-Id"] == headers["webhook-id"] == str(event["seq"])
        return event

    def ids(self) -> list[int]:
        with self.lock:
            return [event["seq"] for event in self.events]

    def wait_for(self, condition: Callable[[], bool], seconds: float = 60) -> None:
        deadline = time.monotonic() + seconds
        while not condition():
            assert time.monotonic() < deadline, f"waited {seconds} s; received {self.ids()}"
            time.sleep(0.05)

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


def body_of(event: dict) -> str:
    return json.dumps(event, sort_keys=True)
