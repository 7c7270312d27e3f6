"""The task queue: Celery, with Redis as its broker (docs/operations.md, "Workers").

Settings come from Django's, those named ``CELERY_…``; tasks from each app's ``tasks``
module. Run a worker, with the scheduler that starts the periodic tasks, by
``celery -A factcheck worker --beat`` (``make run`` does); in production run the scheduler
once, apart: ``celery -A factcheck beat``.
"""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "factcheck.settings")

app = Celery("factcheck")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


def worker_argv(python: str) -> list[str]:
    """The command of a worker with its scheduler, as `make run` starts one (threads: the
    work is waiting on partners' endpoints), run by ``python``. Tests and bench/webhooks.py
    start theirs with it."""
    return [
        python,
        *("-m", "celery", "-A", "factcheck", "worker", "--beat", "--pool=threads"),
        *("--concurrency=4", "--loglevel=warning", "--without-mingle", "--without-gossip"),
    ]
