"""What the record tells the layers above it.

``versions_written``: sent by ``record.services`` inside a publish's transaction, once its
cascade has settled, with ``documents``: the (kind, id) pairs (a ``Kind`` and the
document's id) that got a version. Anything made from those documents (a stored reader
page) is stale once the transaction commits; a receiver that writes does so in the same
transaction, so that the two commit together or not at all. ``record.bulk``, which fills an
empty record, sends nothing: nothing can have been made from it yet.
"""

from django.dispatch import Signal

versions_written = Signal()
