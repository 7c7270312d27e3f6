"""JSON answers assembled from stored documents without parsing them again."""

import json

from rest_framework.renderers import JSONRenderer

from record.render import dumps


class RawJSON(str):
    """JSON text to be sent as it is: a stored document (record.render)."""


def _encode(value) -> str:
    if isinstance(value, RawJSON):
        return value
    if isinstance(value, list) and any(isinstance(item, RawJSON) for item in value):
        return "[" + ",".join(_encode(item) for item in value) + "]"
    return dumps(value)


class DocumentJSONRenderer(JSONRenderer):
    """DRF's JSON renderer (compact, UTF-8), which sends ``RawJSON`` as it is: a stored
    answer, or a page whose ``results`` are stored list items. Everything else (errors,
    the index) is rendered as DRF renders it."""

    def render(self, data, accepted_media_type=None, renderer_context=None):
        if self.get_indent(accepted_media_type, renderer_context or {}):
            # Asked for indented JSON (Accept: application/json; indent=2): rendered anew.
            data = _parsed(data)
        if isinstance(data, RawJSON):
            return data.encode()
        if isinstance(data, dict) and any(_holds_raw(value) for value in data.values()):
            members = (f"{json.dumps(key)}:{_encode(value)}" for key, value in data.items())
            return ("{" + ",".join(members) + "}").encode()
        return super().render(data, accepted_media_type, renderer_context)


def _holds_raw(value) -> bool:
    return isinstance(value, RawJSON) or (
        isinstance(value, list) and any(isinstance(item, RawJSON) for item in value)
    )


def _parsed(value):
    if isinstance(value, RawJSON):
        return json.loads(value)
    if isinstance(value, list):
        return [_parsed(item) for item in value]
    if isinstance(value, dict):
        return {key: _parsed(item) for key, item in value.items()}
    return value
