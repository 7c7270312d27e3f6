"""Structured request logs: one JSON line per request, for the log pipeline to index."""

import json
import logging
import time

from core.client_address import client_address

logger = logging.getLogger("factcheck.requests")

FIELDS = ("method", "path", "status", "duration_ms", "user_id", "client")

# Refusals that key on the client's address (rate limits, login lock-outs): their lines name
# it, by the same rule the limits use, so that an operator can see whom a limit hit.
CLIENT_LOGGED_STATUSES = {429}

# json.dumps with ensure_ascii=False builds a new encoder for every call: one, kept (the
# same text, a microsecond less per line).
_encode = json.JSONEncoder(ensure_ascii=False).encode


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        entry = {"time": self.formatTime(record), "level": record.levelname}
        entry.update({name: getattr(record, name) for name in FIELDS if hasattr(record, name)})
        entry["message"] = record.getMessage()
        return _encode(entry)


class RequestLogMiddleware:
    """Logs method, path, status and duration of every request, and the user id of staff.
    Readers stay anonymous in the logs, except that a request refused for its address's
    sake (429) names that address (``client``, core/client_address.py)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        started = time.perf_counter()
        response = self.get_response(request)
        user = getattr(request, "user", None)
        staff_id = (
            user.pk if user is not None and user.is_authenticated and user.is_staff else None
        )
        logger.info(
            "%s %s %s",
            request.method,
            request.path,
            response.status_code,
            extra={
                "method": request.method,
                "path": request.path,
                "status": response.status_code,
                "duration_ms": round((time.perf_counter() - started) * 1000, 1),
                "user_id": staff_id,
                "client": client_address(request)
                if response.status_code in CLIENT_LOGGED_STATUSES
                else None,
            },
        )
        return response
