"""``manage.py shell`` without the warning about history models at every start.

Django 5.2's shell imports every model; django-simple-history's ``Historical…`` models are
made at run time and cannot be imported by name, so Django listed twelve of them as "could
not be automatically imported" each time. They are left out here; reach them through their
model (``Claim.history.model``).
"""

from importlib import import_module

from django.core.management.commands import shell


class Command(shell.Command):
    def get_auto_imports(self):
        names = super().get_auto_imports() or []
        return [name for name in names if _importable(name)]


def _importable(dotted: str) -> bool:
    module, _, name = dotted.rpartition(".")
    try:
        return hasattr(import_module(module), name)
    except ImportError:
        return False
