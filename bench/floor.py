"""The benchmark's WSGI application: the project as deployed, plus a *floor* under /floor/.

The floor answers the same questions as the API's claim list and claim detail with the least
work possible in Python, for the design the API has: the answers are stored whole in the
published record (record.models.ClaimDocument: ``body`` for the detail, ``card`` for a list
item), so the least work is one raw psycopg query reading the stored JSON text, its
addresses made absolute for the host asked (``record.render.absolute_json``, a regular
expression over the text, as the API does) and the bytes sent. No middleware, no ORM, no
DRF, no rate limit, no conditional GET. Each figure of bench/run.py is a ratio to the floor
measured in the same run, on the same machine, under the same load. It exists only here:
gunicorn serves ``bench.floor:application`` during the benchmark and production never
imports this module.

Before the record (until 2026-11-29) the floor built the answers from the working tables,
nested by PostgreSQL in one query each and dumped with orjson: about 2,700 details and
1,000 lists (50 claims) a second. Reading stored text is cheaper, so the floor is higher
and every ratio to it is harder to meet than the same figure before.
"""

from __future__ import annotations

import os
import re
import threading

import psycopg

from factcheck.wsgi import application as django_application
from record.render import absolute_json

PAGE_SIZE = 50

# GET /api/v1/claims/?page_size=50: live claim documents, newest statement first (undated
# ones as the oldest: stated_sort), their stored list items.
LIST_SQL = f"""
SELECT card FROM record_claimdocument
WHERE withdrawn_at IS NULL
ORDER BY stated_sort DESC, id DESC
LIMIT {PAGE_SIZE}
"""

# GET /api/v1/claims/<id>/: the live document's stored answer.
DETAIL_SQL = "SELECT body FROM record_claimdocument WHERE id = %s AND withdrawn_at IS NULL"

DETAIL_PATH = re.compile(r"^/floor/claims/(\d+)/$")
_local = threading.local()


def _connection() -> psycopg.Connection:
    # One connection per worker thread, kept open: what the project gets from CONN_MAX_AGE.
    conn = getattr(_local, "conn", None)
    if conn is None or conn.closed:
        conn = psycopg.connect(os.environ["DATABASE_URL"], autocommit=True)
        _local.conn = conn
    return conn


def _answer(start_response, status: str, body: bytes):
    start_response(
        status, [("Content-Type", "application/json"), ("Content-Length", str(len(body)))]
    )
    return [body]


def floor(environ, start_response):
    path = environ["PATH_INFO"]
    conn = _connection()
    origin = f"{environ['wsgi.url_scheme']}://{environ['HTTP_HOST']}"
    if path == "/floor/claims/":
        cards = [absolute_json(row[0], origin) for row in conn.execute(LIST_SQL)]
        body = '{"results":[' + ",".join(cards) + "]}"
        return _answer(start_response, "200 OK", body.encode())
    if match := DETAIL_PATH.match(path):
        row = conn.execute(DETAIL_SQL, [int(match[1])]).fetchone()
        if row is None:
            return _answer(start_response, "404 Not Found", b'{"detail":"Not found."}')
        return _answer(start_response, "200 OK", absolute_json(row[0], origin).encode())
    return _answer(start_response, "404 Not Found", b'{"detail":"Not found."}')


def application(environ, start_response):
    if environ["PATH_INFO"].startswith("/floor/"):
        return floor(environ, start_response)
    return django_application(environ, start_response)
