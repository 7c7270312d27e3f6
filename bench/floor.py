"""The benchmark's WSGI application: the project as deployed, plus a *floor* under /floor/.

The floor answers the same questions as the API's claim list and claim detail with the least
work possible in Python: one raw psycopg query per request, the JSON built by PostgreSQL
where it nests, the answer dumped with orjson, no middleware, no ORM, no serializer. Each
figure of bench/run.py is a ratio to the floor measured in the same run, on the same
machine, under the same load. It exists only here: gunicorn serves ``bench.floor:application``
during the benchmark and production never imports this module.
"""

from __future__ import annotations

import os
import re
import threading

import orjson
import psycopg
from psycopg.rows import dict_row

from factcheck.wsgi import application as django_application

PAGE_SIZE = 50

# The same rows and fields as GET /api/v1/claims/?page_size=50: published claims, newest
# statement first, with speaker, tags, public counts and the published verdict's rating.
LIST_SQL = f"""
SELECT c.id, c.text, c.is_quote, c.language, c.speaker_title, c.stated_on,
       c.stated_on_precision, c.updated_at,
       json_build_object('slug', s.slug, 'name', s.name, 'kind', s.kind) AS speaker,
       coalesce((SELECT json_agg(json_build_object('slug', t.slug, 'name', t.name))
                 FROM claims_claim_tags ct JOIN claims_tag t ON t.id = ct.tag_id
                 WHERE ct.claim_id = c.id), '[]') AS tags,
       (SELECT count(*) FROM claims_denial d JOIN claims_claim o ON o.id = d.denying_claim_id
        WHERE d.denied_claim_id = c.id AND o.status = 'published') AS denial_count,
       (SELECT count(*) FROM claims_evidence e
        LEFT JOIN claims_claim b ON b.id = e.backing_claim_id
        WHERE e.claim_id = c.id AND (b.id IS NULL OR b.status = 'published')) AS evidence_count,
       (SELECT r.name FROM claims_review v JOIN claims_rating r ON r.id = v.rating_id
        WHERE v.claim_id = c.id AND v.status = 'published') AS rating
FROM claims_claim c JOIN claims_speaker s ON s.id = c.speaker_id
WHERE c.status = 'published'
ORDER BY coalesce(c.stated_on, '0001-01-01') DESC, c.id DESC
LIMIT {PAGE_SIZE}
"""

# Everything the claim detail shows, nested by PostgreSQL in one query.
DETAIL_SQL = """
SELECT c.id, c.text, c.is_quote, c.language, c.original_text, c.original_language,
       c.speaker_title, c.stated_on, c.stated_on_precision, c.stated_on_inferred,
       c.stated_on_note, c.place, c.occasion, c.published_at, c.created_at, c.updated_at,
       json_build_object('slug', s.slug, 'name', s.name, 'kind', s.kind) AS speaker,
       coalesce((SELECT json_agg(json_build_object('slug', t.slug, 'name', t.name))
                 FROM claims_claim_tags ct JOIN claims_tag t ON t.id = ct.tag_id
                 WHERE ct.claim_id = c.id), '[]') AS tags,
       coalesce((SELECT json_agg(json_build_object(
                     'excerpt', a.excerpt, 'attribution', a.attribution, 'is_first', a.is_first,
                     'source', json_build_object('id', so.id, 'title', so.title, 'url', so.url,
                         'published_on', so.published_on, 'kind', so.kind,
                         'outlet', json_build_object('id', ou.id, 'name', ou.name,
                                                     'kind', ou.kind)))
                     ORDER BY a.is_first DESC, a.id)
                 FROM claims_appearance a JOIN sources_source so ON so.id = a.source_id
                 LEFT JOIN sources_outlet ou ON ou.id = so.outlet_id
                 WHERE a.claim_id = c.id), '[]') AS appearances,
       coalesce((SELECT json_agg(json_build_object('id', o.id, 'text', o.text,
                                                   'stated_on', o.stated_on,
                                                   'speaker', os.name))
                 FROM claims_denial d JOIN claims_claim o ON o.id = d.denied_claim_id
                 JOIN claims_speaker os ON os.id = o.speaker_id
                 WHERE d.denying_claim_id = c.id AND o.status = 'published'), '[]') AS denies,
       coalesce((SELECT json_agg(json_build_object('id', o.id, 'text', o.text,
                                                   'stated_on', o.stated_on,
                                                   'speaker', os.name))
                 FROM claims_denial d JOIN claims_claim o ON o.id = d.denying_claim_id
                 JOIN claims_speaker os ON os.id = o.speaker_id
                 WHERE d.denied_claim_id = c.id AND o.status = 'published'), '[]')
           AS denied_by,
       coalesce((SELECT json_agg(json_build_object('stance', e.stance, 'excerpt', e.excerpt,
                                                   'note', e.note, 'source', so.title,
                                                   'claim', b.text))
                 FROM claims_evidence e LEFT JOIN sources_source so ON so.id = e.source_id
                 LEFT JOIN claims_claim b ON b.id = e.backing_claim_id
                 WHERE e.claim_id = c.id AND (b.id IS NULL OR b.status = 'published')), '[]')
           AS evidence,
       (SELECT json_build_object('rating', r.name, 'summary', v.summary,
                                 'reasoning', v.reasoning, 'reviewed_on', v.reviewed_on,
                                 'reviewer', v.reviewer_organisation, 'url', v.url)
        FROM claims_review v JOIN claims_rating r ON r.id = v.rating_id
        WHERE v.claim_id = c.id AND v.status = 'published') AS review,
       coalesce((SELECT json_agg(json_build_object('corrected_on', k.corrected_on,
                                                   'note', k.note))
                 FROM claims_correction k WHERE k.claim_id = c.id), '[]') AS corrections
FROM claims_claim c JOIN claims_speaker s ON s.id = c.speaker_id
WHERE c.status = 'published' AND c.id = %s
"""

DETAIL_PATH = re.compile(r"^/floor/claims/(\d+)/$")
_local = threading.local()


def _connection() -> psycopg.Connection:
    # One connection per worker thread, kept open: what the project gets from CONN_MAX_AGE.
    conn = getattr(_local, "conn", None)
    if conn is None or conn.closed:
        conn = psycopg.connect(os.environ["DATABASE_URL"], autocommit=True, row_factory=dict_row)
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
    if path == "/floor/claims/":
        rows = conn.execute(LIST_SQL).fetchall()
        return _answer(start_response, "200 OK", orjson.dumps({"results": rows}))
    if match := DETAIL_PATH.match(path):
        row = conn.execute(DETAIL_SQL, [int(match[1])]).fetchone()
        if row is None:
            return _answer(start_response, "404 Not Found", b'{"detail":"Not found."}')
        return _answer(start_response, "200 OK", orjson.dumps(row))
    return _answer(start_response, "404 Not Found", b'{"detail":"Not found."}')


def application(environ, start_response):
    if environ["PATH_INFO"].startswith("/floor/"):
        return floor(environ, start_response)
    return django_application(environ, start_response)
