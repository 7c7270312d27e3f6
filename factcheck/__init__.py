# The task queue's app, made when Django starts, so that tasks bind to it (Celery's
# documented layout for Django).
from factcheck.celery import app as celery_app

__all__ = ["celery_app"]
