"""What the record tells the layers above it.

``versions_written``: sent by ``record.services`` inside a publish's transaction, once its
cascade has settled, with ``documents``: for each (kind, id) (a ``Kind`` and the
document's id) that got a version, the fields of its body that changed (a frozenset of
names, as ``Version.changes`` has them), or None when it appeared or was withdrawn.
Anything made from those documents (a stored reader page) is stale once the transaction
commits; a receiver that writes does so in the same transaction, so that the two commit
together or not at all. ``record.bulk``, which fills an empty record, sends nothing:
nothing can have been made from it yet.
"""

from django.dispatch import Signal

versions_written = Signal()
