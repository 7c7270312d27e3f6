"""Speed at scale, as ratios to a floor measured in the same run. Prints a table.

    .venv/bin/python bench/run.py --claims 1000000        # docs/benchmarks.md
    .venv/bin/python bench/run.py --claims 100000         # the quick rerun, minutes

What it does:
1. A PostgreSQL database ``bench_<claims>`` on the local server (127.0.0.1:5432, user
   postgres) with the seed and a generated corpus (`generate_corpus --seed 1`), created and
   timed on the first run, reused afterwards (``--regenerate`` builds it again).
2. bench/prepare.py draws the requests (claim ids, search terms, a cursor deep in the list)
   and counts the SQL queries per kind of request.
3. gunicorn serves bench/floor.py on 127.0.0.1: the project as deployed (DEBUG off, Redis,
   persistent connections) plus the floor under /floor/: the stored answer read from the
   published record with one raw psycopg query and sent.
4. wrk (Debian's package) drives each scenario for ``--duration`` seconds: throughput with
   ``--connections`` clients, latency with one client at a time.
   Costly searches: the worst search within the documented limits (bench/prepare.py
   ``worst_query``) with one client, then ordinary searches alone and while
   ``--costly-clients`` clients send the worst one without pause (a server of its own with
   enough workers for all of them, so the figure is the database's contention, not a
   queue for a worker).
5. Readers (``--connections`` clients asking for API details, claim pages and API lists)
   run twice: alone, then while bench/editor.py publishes a change every 2 s.

The throughput goals are judged on answers **built** (PUBLIC_ANSWER_CACHE_SECONDS=0: every
200 built from the database, as the first request after a publish is) against the floor
measured in the same server's run; so are the latency, search and query-count figures. The
same server then runs again as deployed (answers stored under the data version,
factcheck/answer_cache.py, every one asked for built once beforehand, the floor measured
again next to them). Rate limits are raised out of the way.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote_plus

import psycopg

PROJECT = Path(__file__).resolve().parents[1]
PYTHON = sys.executable
PG = "postgres://postgres@127.0.0.1:5432"
REDIS_URL = "redis://127.0.0.1:6379/7"

# Lua for wrk: each request takes a path (and headers) from the list the bench wrote; the
# summary comes back as one JSON line on standard output.
WRK_SCRIPT = """
local paths = {%(paths)s}
local headers = %(headers)s
-- Whose requests (X-Forwarded-For, the server trusting one proxy): "" as they come,
-- "thread" one address per thread (a client each, which waits as Retry-After says when
-- refused), "request" a new address each (readers).
local addresses = %(addresses)s
local wait_ms = 0
local sent = 0
local counter = 0
local threads = {}
-- Answers by status class, counted in each thread's own Lua state.
s2, s3, s4, s5 = 0, 0, 0, 0
function setup(thread)
  thread:set("tid", counter)
  counter = counter + 1
  table.insert(threads, thread)
end
function init(args)
  math.randomseed(1000 + tid)
end
function request()
  sent = sent + 1
  if addresses == "thread" then
    headers["X-Forwarded-For"] = "203.0.113." .. (tid + 1)
  elseif addresses == "request" then
    local high, low = math.floor(sent / 256) %% 256, sent %% 256
    headers["X-Forwarded-For"] = "10." .. tid .. "." .. high .. "." .. low
  end
  return wrk.format("GET", paths[math.random(#paths)], headers)
end
function delay()
  local ms = wait_ms
  wait_ms = 0
  return ms
end
function response(status, headers, body)
  if addresses == "thread" and status == 429 and headers["Retry-After"] then
    wait_ms = tonumber(headers["Retry-After"]) * 1000
  end
  if status < 300 then s2 = s2 + 1
  elseif status < 400 then s3 = s3 + 1
  elseif status < 500 then s4 = s4 + 1
  else s5 = s5 + 1 end
end
function done(summary, latency, requests)
  local e = summary.errors
  local t2, t3, t4, t5 = 0, 0, 0, 0
  for _, thread in ipairs(threads) do
    t2 = t2 + thread:get("s2")
    t3 = t3 + thread:get("s3")
    t4 = t4 + thread:get("s4")
    t5 = t5 + thread:get("s5")
  end
  io.write(string.format(
    '\\nBENCH {"requests": %%d, "seconds": %%f, "errors": %%d, "p50": %%f, "p95": %%f, '
    .. '"p99": %%f, "status_2xx": %%d, "status_3xx": %%d, "status_4xx": %%d, '
    .. '"status_5xx": %%d}\\n',
    summary.requests, summary.duration / 1e6,
    e.connect + e.read + e.write + e.status + e.timeout,
    latency:percentile(50) / 1000, latency:percentile(95) / 1000,
    latency:percentile(99) / 1000, t2, t3, t4, t5))
end
"""


@dataclass
class Result:
    requests: int
    seconds: float
    errors: int
    p50: float
    p95: float
    p99: float
    status_2xx: int = 0
    status_3xx: int = 0
    status_4xx: int = 0
    status_5xx: int = 0

    @property
    def throughput(self) -> float:
        return self.requests / self.seconds


def lua_string(text: str) -> str:
    return json.dumps(text)  # a JSON string is a valid Lua string literal for these paths


def wrk(
    base: str,
    paths: list[str],
    *,
    duration: int,
    connections: int,
    headers=None,
    addresses: str = "",
) -> Result:
    """``addresses``: "" (every request from the bench's own address), "thread" (each
    connection a client of its own: one thread each, which waits as a 429's Retry-After
    says), "request" (every request from a new client); the last two for a server that
    trusts one proxy (NUM_PROXIES=1)."""
    headers = headers or {}
    script = WRK_SCRIPT % {
        "addresses": lua_string(addresses),
        "paths": ", ".join(lua_string(p) for p in paths),
        "headers": "{"
        + ", ".join(f"[{lua_string(k)}] = {lua_string(v)}" for k, v in headers.items())
        + "}",
    }
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as file:
        file.write(script)
    try:
        output = subprocess.run(
            [
                "wrk",
                f"-t{connections if addresses == 'thread' else min(2, connections)}",
                f"-c{connections}",
                f"-d{duration}s",
                "--timeout",
                "10s",
                "-s",
                file.name,
                base,
            ],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
    finally:
        os.unlink(file.name)
    line = next(line for line in output.splitlines() if line.startswith("BENCH "))
    return Result(**json.loads(line.removeprefix("BENCH ")))


# --- The database ---------------------------------------------------------------------------


def database_env(name: str) -> dict[str, str]:
    return {
        **os.environ,
        "DATABASE_URL": f"{PG}/{name}",
        "DEBUG": "false",
        "SECRET_KEY": "benchmark-only",
        "ALLOWED_HOSTS": "127.0.0.1,testserver",
        "SECURE_SSL_REDIRECT": "false",
        "CONN_MAX_AGE": "600",
        "REDIS_URL": REDIS_URL,
        "PUBLIC_ANSWER_CACHE_SECONDS": "0",
        "API_RATE_ANONYMOUS": "100000000/min",
        "API_RATE_PARTNER": "100000000/min",
        "READER_RATE": "",
        # Search time budgets off too (every request comes from one address); the costly
        # searches' server has them, as deployed (run_costly_searches).
        "SEARCH_SECONDS_PER_MINUTE": "0",
        "LOG_LEVEL": "WARNING",
    }


def start_editor(env, ids: list[int], *, interval: float) -> subprocess.Popen:
    """bench/editor.py publishing a change every ``interval`` s until it is sent SIGTERM."""
    return subprocess.Popen(
        [
            PYTHON,
            "bench/editor.py",
            "--ids",
            ",".join(map(str, ids)),
            "--interval",
            str(interval),
            "--duration",
            "3600",
        ],
        cwd=PROJECT,
        env=env,
        stdout=subprocess.PIPE,
        text=True,
    )


def stop_editor(editor: subprocess.Popen) -> dict:
    editor.send_signal(signal.SIGTERM)
    output, _ = editor.communicate(timeout=120)
    return json.loads(output.strip().splitlines()[-1])


def manage(env, *args: str, quiet: bool = True) -> None:
    subprocess.run(
        [PYTHON, "manage.py", *args],
        cwd=PROJECT,
        env=env,
        check=True,
        stdout=subprocess.DEVNULL if quiet else None,
    )


def ensure_corpus(name: str, claims: int, regenerate: bool) -> str:
    """Returns how long the corpus took to load: measured now, or when it was made (kept as
    the database's comment)."""
    with psycopg.connect(f"{PG}/postgres", autocommit=True) as admin:
        exists = admin.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if exists and regenerate:
            admin.execute(f'DROP DATABASE "{name}" WITH (FORCE)')
            exists = None
        if not exists:
            admin.execute(f'CREATE DATABASE "{name}"')
    env = database_env(name)
    manage(env, "migrate")
    # DEBUG is off: pages name their static files through the manifest, as in production.
    manage(env, "collectstatic", "--noinput")
    with psycopg.connect(f"{PG}/{name}", autocommit=True) as conn:
        have = conn.execute("SELECT count(*) FROM claims_claim").fetchone()[0]
        if have:
            comment = conn.execute(
                "SELECT shobj_description(oid, 'pg_database') FROM pg_database WHERE datname = %s",
                [name],
            ).fetchone()[0]
            return f"{comment or 'unknown'} (reused)"
    manage(env, "loadseeds")
    started = time.perf_counter()
    manage(env, "generate_corpus", "--claims", str(claims), "--seed", "1", quiet=False)
    seconds = time.perf_counter() - started
    with psycopg.connect(f"{PG}/{name}", autocommit=True) as conn:
        conn.execute("VACUUM ANALYZE")
        text = f"{seconds / 60:.1f} min"
        conn.execute(f"COMMENT ON DATABASE \"{name}\" IS '{text}'")
    return text


def prepare(env, *, page_size: int = 50) -> dict:
    """bench/prepare.py's sample of requests and query counts, run against ``env``'s
    database."""
    output = subprocess.run(
        [PYTHON, "bench/prepare.py", "--page-size", str(page_size)],
        cwd=PROJECT,
        env=env,
        check=True,
        stdout=subprocess.PIPE,
        text=True,
    ).stdout
    return json.loads(output)


# --- The server -----------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_gunicorn(env, port: int, workers: int) -> subprocess.Popen:
    log = open(PROJECT / "bench" / "gunicorn.log", "w")  # noqa: SIM115 - lives with the server
    server = subprocess.Popen(
        [
            str(Path(PYTHON).parent / "gunicorn"),
            "bench.floor:application",
            f"--bind=127.0.0.1:{port}",
            f"--workers={workers}",
            "--worker-class=sync",
            "--backlog=2048",
        ],
        cwd=PROJECT,
        env=env,
        stdout=log,
        stderr=log,
    )
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2):
                return server
        except OSError:
            time.sleep(0.3)
    server.kill()
    raise SystemExit("gunicorn did not answer /healthz in 30 s; see bench/gunicorn.log")


def live_etag(base: str, path: str) -> str:
    """The ETag the server gives ``path``: it names the address as the server sees it."""
    with urllib.request.urlopen(base + path, timeout=30) as answer:
        return answer.headers["ETag"]


def warm(base: str, paths: list[str]) -> None:
    for path in paths:
        with urllib.request.urlopen(base + path, timeout=30) as answer:
            answer.read()


# --- The run --------------------------------------------------------------------------------


def ratio_row(name, value, goal, ok, detail="") -> tuple[str, str, str, str, str]:
    return (name, value, goal, "yes" if ok else "NO", detail)


def reference_row(name, value, detail) -> tuple[str, str, str, str, str]:
    """A figure printed for reference: no goal."""
    return (name, value, "—", "—", detail)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--claims", type=int, default=100_000)
    parser.add_argument("--duration", type=int, default=15, help="Seconds per scenario.")
    parser.add_argument("--connections", type=int, default=8, help="Clients for throughput.")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers.")
    parser.add_argument("--page-size", type=int, default=50)
    parser.add_argument("--regenerate", action="store_true")
    parser.add_argument(
        "--publish-every", type=float, default=2.0, help="Seconds between the editor's publishes."
    )
    parser.add_argument(
        "--corpus-only", action="store_true", help="Build the database (if needed) and stop."
    )
    parser.add_argument(
        "--costly-clients", type=int, default=4, help="Clients sending the worst search."
    )
    args = parser.parse_args()
    if not shutil.which("wrk"):
        raise SystemExit("wrk is not installed: apt-get install wrk")

    name = f"bench_{args.claims}"
    print(f"Preparing {name} …", file=sys.stderr)
    load_time = ensure_corpus(name, args.claims, args.regenerate)
    if args.corpus_only:
        print(f"{name}: corpus loaded in {load_time}")
        return
    env = database_env(name)
    prepared = prepare(env, page_size=args.page_size)
    results, editors = {}, {}
    # First the work itself (every answer built from the database), then as deployed:
    # answers stored in Redis under their ETag until published data changes.
    deployed = {key: value for key, value in env.items() if key != "PUBLIC_ANSWER_CACHE_SECONDS"}
    for server_env, plan, suffix in (
        (env, work_plan, ""),
        (deployed, deployed_plan, ", as deployed"),
    ):
        port = free_port()
        base = f"http://127.0.0.1:{port}"
        server = start_gunicorn(server_env, port, args.workers)
        try:
            results |= run_plan(base, prepared, plan(prepared, args, base), args)
            results |= run_readers(base, env, prepared, args, suffix, editors)
        finally:
            server.send_signal(signal.SIGTERM)
            server.wait(timeout=30)
    port = free_port()
    # Behind one proxy, so that each client has an address of its own: its search time is
    # its own (serving/search_budget.py).
    costly_env = {**env, "NUM_PROXIES": "1", "SEARCH_SECONDS_PER_MINUTE": "10"}
    server = start_gunicorn(costly_env, port, args.costly_clients + 2)
    try:
        results |= run_costly_searches(f"http://127.0.0.1:{port}", prepared, args)
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=30)
    report(args, prepared, load_time, results, editors)


def readers_paths(prepared: dict, args) -> list[str]:
    """What the readers ask for, drawn at random: API details, claim pages, API lists."""
    details = [f"/api/v1/claims/{pk}/" for pk in prepared["ids"]]
    lists = [f"/api/v1/claims/?page_size={args.page_size}"] * (len(details) // 5)
    return details + prepared["claim_pages"] + lists


def run_readers(base: str, env, prepared: dict, args, suffix: str, editors: dict) -> dict:
    """The readers alone, then the same readers while bench/editor.py publishes a change
    every ``--publish-every`` seconds (in its own process, through Django, on the same
    database)."""
    paths = readers_paths(prepared, args)
    warm(base, paths[:8] * 2)
    results = {}
    print(f"  readers{suffix} …", file=sys.stderr)
    results[f"readers{suffix}"] = wrk(
        base, paths, duration=args.duration, connections=args.connections
    )
    editor = start_editor(env, prepared["editable_ids"], interval=args.publish_every)
    try:
        time.sleep(3)  # Django starts and the first publish is under way
        print(f"  readers while publishing{suffix} …", file=sys.stderr)
        results[f"readers while publishing{suffix}"] = wrk(
            base, paths, duration=args.duration, connections=args.connections
        )
    finally:
        editors[suffix] = stop_editor(editor)
    return results


def work_plan(prepared: dict, args, base: str) -> dict:
    """Scenario → (paths, headers, clients), for the server at ``base``."""
    size = args.page_size
    ids = prepared["ids"]
    list_path = f"/api/v1/claims/?page_size={size}"
    # Page 1 itself when the corpus is too small for a deep page.
    cursor = prepared["deep_cursor"]
    deep_path = f"{list_path}&cursor={cursor}" if cursor else list_path
    return {
        "floor list": (["/floor/claims/"], {}, args.connections),
        "API list": ([list_path], {}, args.connections),
        "API list 304": (
            [list_path],
            {"If-None-Match": live_etag(base, list_path)},
            args.connections,
        ),
        "floor detail": ([f"/floor/claims/{pk}/" for pk in ids], {}, args.connections),
        "API detail": ([f"/api/v1/claims/{pk}/" for pk in ids], {}, args.connections),
        "HTML claim page": (prepared["claim_pages"], {}, args.connections),
        "API list page 1, one client": ([list_path], {}, 1),
        "API list deep page, one client": ([deep_path], {}, 1),
        "search rare, one client": (
            [f"/api/v1/claims/?q={quote_plus(term)}" for term in prepared["rare_terms"]],
            {},
            1,
        ),
        "search common, one client": ([f"/api/v1/claims/?q={prepared['common_term']}"], {}, 1),
        "HTML search common, one client": ([f"/claims/?q={prepared['common_term']}"], {}, 1),
        # A mirror catching up: pages of the change feed from cursors all over it.
        "change feed page (100), one client": (
            [f"/api/v1/changes/?after={seq}" for seq in prepared["feed_cursors"]],
            {},
            1,
        ),
    }


def ordinary_search_paths(prepared: dict) -> list[str]:
    """What readers usually search for: a rare term (one claim) or a common one."""
    rare = [f"/api/v1/claims/?q={quote_plus(term)}" for term in prepared["rare_terms"][:50]]
    return rare + [f"/api/v1/claims/?q={prepared['common_term']}"] * 10


def run_costly_searches(base: str, prepared: dict, args) -> dict[str, Result]:
    """The worst search within the limits with one client; ordinary searches alone; the
    same ordinary searches while ``--costly-clients`` clients send the worst one (started
    first, stopped after), each from an address of its own, so each within its own search
    time, waiting as a refusal's Retry-After says (a client that does not is a flood of
    requests, the rate limit's and the proxy's to stop, whatever it asks for). The worst
    search alone and the ordinary ones come from a new address each time: their cost is
    measured, not a budget (the ordinary ones stand for many readers)."""
    worst = [f"/api/v1/claims/?q={quote_plus(prepared['worst_query'])}"]
    ordinary = ordinary_search_paths(prepared)
    warm(base, worst * 2 + ordinary[:4] * 2)
    results = {}
    print("  worst search, one client …", file=sys.stderr)
    results["worst search, one client"] = wrk(
        base, worst, duration=args.duration, connections=1, addresses="request"
    )
    print("  ordinary search, one client …", file=sys.stderr)
    results["ordinary search, one client"] = wrk(
        base, ordinary, duration=args.duration, connections=1, addresses="request"
    )
    label = f"ordinary search, {args.costly_clients} worst running"
    print(f"  {label} …", file=sys.stderr)
    with ThreadPoolExecutor(max_workers=1) as pool:
        costly = pool.submit(
            wrk,
            base,
            worst,
            duration=args.duration + 6,
            connections=args.costly_clients,
            addresses="thread",
        )
        time.sleep(3)  # the worst searches are under way before anything is timed
        results[label] = wrk(
            base, ordinary, duration=args.duration, connections=1, addresses="request"
        )
        results[f"worst search, {args.costly_clients} clients"] = costly.result()
    return results


def deployed_plan(prepared: dict, args, base: str) -> dict:
    list_path = f"/api/v1/claims/?page_size={args.page_size}"
    # The floor again, next to the figures compared with it: minutes apart, a shared
    # machine's speed drifts.
    return {
        "floor list, as deployed": (["/floor/claims/"], {}, args.connections),
        "floor detail, as deployed": (
            [f"/floor/claims/{pk}/" for pk in prepared["ids"]],
            {},
            args.connections,
        ),
        "API list, cached": ([list_path], {}, args.connections),
        "API detail, cached": (
            [f"/api/v1/claims/{pk}/" for pk in prepared["ids"]],
            {},
            args.connections,
        ),
        "HTML claim page, cached": (prepared["claim_pages"], {}, args.connections),
    }


def run_plan(base: str, prepared: dict, plan: dict, args) -> dict[str, Result]:
    # The workers open their connections and fill their caches before anything is timed;
    # the deployed server's answer cache is filled for every path it will be asked for.
    warm_paths = []
    for label, (paths, _, _) in plan.items():
        warm_paths += paths if "cached" in label else paths[:4] * 2
    warm(base, warm_paths)
    results = {}
    for label, (paths, headers, connections) in plan.items():
        print(f"  {label} …", file=sys.stderr)
        results[label] = wrk(
            base, paths, duration=args.duration, connections=connections, headers=headers
        )
    return results


def report(
    args, prepared: dict, load_time: str, results: dict[str, Result], editors: dict
) -> None:
    r = results
    queries = prepared["queries"]
    list_ratio = r["API list"].throughput / r["floor list"].throughput
    detail_ratio = r["API detail"].throughput / r["floor detail"].throughput
    deployed_floor_list = r["floor list, as deployed"].throughput
    deployed_floor_detail = r["floor detail, as deployed"].throughput
    cached_list_ratio = r["API list, cached"].throughput / deployed_floor_list
    cached_detail_ratio = r["API detail, cached"].throughput / deployed_floor_detail
    page_ratio = r["HTML claim page"].throughput / r["floor detail"].throughput
    cached_page_ratio = r["HTML claim page, cached"].throughput / deployed_floor_detail
    not_modified = r["API list 304"].throughput / r["API list"].throughput
    deep = r["API list deep page, one client"].p95 / r["API list page 1, one client"].p95
    rare, common = r["search rare, one client"].p95, r["search common, one client"].p95
    html_common = r["HTML search common, one client"].p95
    feed = r["change feed page (100), one client"].p95
    most_queries = max(queries.values())
    same_for_page_sizes = (
        queries["API claim list (1 per page)"]
        == queries[f"API claim list ({args.page_size} per page)"]
    )
    api_queries = max(
        queries["API claim detail"], queries[f"API claim list ({args.page_size} per page)"]
    )
    publishing = {}
    for suffix in ("", ", as deployed"):
        alone = r[f"readers{suffix}"].throughput
        busy = r[f"readers while publishing{suffix}"].throughput
        publishing[suffix] = (busy / alone, alone, busy, editors[suffix])
    rows = [
        ratio_row(
            f"API claim list ({args.page_size}/page), built / floor",
            f"{list_ratio:.2f}",
            "≥ 0.4",
            list_ratio >= 0.4,
            f"{r['API list'].throughput:,.0f} vs {r['floor list'].throughput:,.0f} req/s",
        ),
        ratio_row(
            "API claim detail, built / floor",
            f"{detail_ratio:.2f}",
            "≥ 0.4",
            detail_ratio >= 0.4,
            f"{r['API detail'].throughput:,.0f} vs {r['floor detail'].throughput:,.0f} req/s",
        ),
        ratio_row(
            "HTML claim page, built / floor detail",
            f"{page_ratio:.2f}",
            "≥ 0.3",
            page_ratio >= 0.3,
            f"{r['HTML claim page'].throughput:,.0f} vs {r['floor detail'].throughput:,.0f} req/s",
        ),
        *(
            ratio_row(
                f"readers while publishing / alone{suffix or ', built'}",
                f"{ratio:.2f}",
                "≥ 0.8",
                ratio >= 0.8,
                f"{busy:,.0f} vs {alone:,.0f} req/s; {editor['publishes']} publishes "
                f"({editor['versions']} versions), p50 {editor['p50_ms'] or 0:.0f} ms",
            )
            for suffix, (ratio, alone, busy, editor) in publishing.items()
        ),
        ratio_row(
            "queries per request, API detail and list",
            str(api_queries),
            "≤ 2",
            api_queries <= 2,
            f"detail: {queries['API claim detail']}, list ({args.page_size}): "
            f"{queries[f'API claim list ({args.page_size} per page)']}",
        ),
        reference_row(
            f"  as deployed: API list ({args.page_size}/page)",
            f"{cached_list_ratio:.2f}",
            f"{r['API list, cached'].throughput:,.0f} vs {deployed_floor_list:,.0f} req/s",
        ),
        reference_row(
            "  as deployed: API detail",
            f"{cached_detail_ratio:.2f}",
            f"{r['API detail, cached'].throughput:,.0f} vs {deployed_floor_detail:,.0f} req/s",
        ),
        reference_row(
            "  as deployed: HTML claim page",
            f"{cached_page_ratio:.2f}",
            f"{r['HTML claim page, cached'].throughput:,.0f} vs "
            f"{deployed_floor_detail:,.0f} req/s",
        ),
        ratio_row(
            "304 Not Modified / 200",
            f"{not_modified:.1f}",
            "≥ 3",
            not_modified >= 3,
            f"{r['API list 304'].throughput:,.0f} vs {r['API list'].throughput:,.0f} req/s",
        ),
        ratio_row(
            f"p95 page {prepared['deep_page']:,} / p95 page 1 (cursor)",
            f"{deep:.2f}",
            "≤ 1.5",
            deep <= 1.5,
            f"{r['API list deep page, one client'].p95:.1f} vs "
            f"{r['API list page 1, one client'].p95:.1f} ms",
        ),
        ratio_row("search p95, rare term", f"{rare:.1f} ms", "≤ 50 ms", rare <= 50, "API ?q="),
        ratio_row(
            "search p95, common term",
            f"{common:.1f} ms",
            "≤ 150 ms",
            common <= 150,
            f"API ?q={prepared['common_term']}",
        ),
        ratio_row(
            "search p95, common term, reader's list",
            f"{html_common:.1f} ms",
            "≤ 150 ms",
            html_common <= 150,
            f"/claims/?q={prepared['common_term']}, ranked and highlighted",
        ),
        ratio_row(
            f"change feed page p95, {prepared['versions']:,} versions",
            f"{feed:.1f} ms",
            "≤ 50 ms at 1M",
            feed <= 50,
            "/api/v1/changes/?after=<a random seq> (100 items, each with its document)",
        ),
        *costly_rows(r, prepared, args),
        ratio_row(
            "queries per request (most)",
            str(most_queries),
            "≤ 4, any page size",
            most_queries <= 4 and same_for_page_sizes,
            ", ".join(f"{k}: {v}" for k, v in queries.items()),
        ),
        ratio_row(
            f"corpus load, {args.claims:,} claims",
            load_time,
            "≤ 10 min at 1M",
            args.claims < 1_000_000 or _minutes(load_time) <= 10,
            "",
        ),
    ]
    errors = sum(result.errors for result in results.values())
    print()
    print(
        f"{prepared['claims']:,} claims ({prepared['published']:,} published), PostgreSQL, "
        f"gunicorn {args.workers} sync workers, wrk {args.connections} clients, "
        f"{args.duration} s per scenario, {os.cpu_count()} cores; errors: {errors}; "
        f"load average {os.getloadavg()[0]:.2f}"
    )
    widths = [max(len(row[i]) for row in [HEADER, *rows]) for i in range(4)]
    for row in [HEADER, *rows]:
        print(
            "  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=False))
            + "  "
            + row[4]
        )
    print()
    print(f"{'scenario':34} {'req/s':>8} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8} errors")
    for label, result in results.items():
        print(
            f"{label:34} {result.throughput:8,.0f} {result.p50:8.1f} {result.p95:8.1f} "
            f"{result.p99:8.1f} {result.errors}"
        )


HEADER = ("figure", "measured", "goal", "met", "")


def costly_rows(r: dict[str, Result], prepared: dict, args) -> list[tuple]:
    """The worst search within the limits, and what it does to everyone else's."""
    worst = r["worst search, one client"]
    alone = r["ordinary search, one client"].p95
    busy = r[f"ordinary search, {args.costly_clients} worst running"].p95
    under_load = r[f"worst search, {args.costly_clients} clients"]
    statuses = (
        f"{under_load.status_2xx} answered, {under_load.status_4xx} refused (429: their "
        f"search time spent), {under_load.status_5xx} stopped (503)"
    )
    return [
        reference_row(
            "worst search within the limits, p95",
            f"{worst.p95:.0f} ms",
            f"API ?q={prepared['worst_query'][:60]}…; "
            f"{prepared['queries'].get('API search, worst')} queries",
        ),
        ratio_row(
            f"ordinary search p95, {args.costly_clients} worst running / alone",
            f"{busy / alone:.2f}",
            "≤ 2",
            busy / alone <= 2,
            f"{busy:.1f} vs {alone:.1f} ms; the worst clients: {statuses}",
        ),
    ]


def _minutes(text: str) -> float:
    try:
        return float(text.split()[0])
    except ValueError:
        return float("inf")


if __name__ == "__main__":
    main()
