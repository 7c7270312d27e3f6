"""Research releases (docs/api.md, "Research releases"): ``GET /api/v1/releases/`` lists
them, newest first; ``/api/v1/releases/{name}/`` describes one (its files, sizes, SHA-256
and download addresses); ``/api/v1/releases/{name}/{filename}`` downloads a file.

A release is written by ``manage.py release`` (releases/bundle.py), not by a publish, so
these answers are not validated by the public data version (a new release moves no
publish): the list and a release answer an ETag of their own content, a file its SHA-256.
None of them is kept in the store of public answers (``mark_public`` is never called).
"""

from __future__ import annotations

import hashlib
import logging
import re

from django.http import FileResponse, Http404
from django.urls import reverse
from django.utils.cache import get_conditional_response
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import generics, serializers, status
from rest_framework.exceptions import NotAcceptable
from rest_framework.response import Response

from api.pagination import KeysetPagination
from api.parameters import KnownParametersMixin
from api.views import ERRORS, LIST_ERRORS, documented
from record.render import dumps
from releases.bundle import MEDIA_TYPES, release_storage
from releases.models import Release
from serving.answer_cache import API_CACHE_CONTROL

logger = logging.getLogger(__name__)


class ReleaseFileSerializer(serializers.Serializer):
    name = serializers.CharField(help_text="The file's name in the bundle.")
    size = serializers.IntegerField(help_text="Bytes.")
    sha256 = serializers.CharField(help_text="Its SHA-256, hex (also its ETag).")
    media_type = serializers.CharField()
    url = serializers.URLField(help_text="Where to download it.")


class ReleaseSerializer(serializers.Serializer):
    """Describes a release for the schema; ``release_item`` builds the answer."""

    name = serializers.CharField(help_text="seq-<last_seq>: the same record, the same name.")
    api_url = serializers.URLField()
    last_seq = serializers.IntegerField(
        help_text="The change feed's last seq the release holds (/api/v1/changes/?after=…)."
    )
    record_changed_at = serializers.DateTimeField(
        allow_null=True, help_text="When that version was published; null for an empty record."
    )
    created_at = serializers.DateTimeField(help_text="When the release was written.")
    format_version = serializers.IntegerField()
    sha256 = serializers.CharField(
        help_text="The SHA-256 of its SHA256SUMS file, which names every other file's: "
        "one value for the whole bundle."
    )
    counts = serializers.DictField(child=serializers.IntegerField(), help_text="Rows by table.")
    files = ReleaseFileSerializer(many=True)


def release_item(release: Release, request) -> dict:
    """A release as the API shows it, addresses absolute for the host asked."""
    absolute = request.build_absolute_uri
    return {
        "name": release.name,
        "api_url": absolute(reverse("api:release-detail", kwargs={"name": release.name})),
        "last_seq": release.last_seq,
        "record_changed_at": _iso(release.record_changed_at),
        "created_at": _iso(release.created_at),
        "format_version": release.format_version,
        "sha256": release.digest,
        "counts": release.counts,
        "files": [
            {
                **entry,
                "url": absolute(
                    reverse(
                        "api:release-file",
                        kwargs={"name": release.name, "filename": entry["name"]},
                    )
                ),
            }
            for entry in release.files
        ],
    }


def _iso(value) -> str | None:
    return serializers.DateTimeField().to_representation(value) if value else None


def _validated(request, data) -> Response:
    """``data`` with an ETag of its own content, or a 304 when the client holds it."""
    etag = '"' + hashlib.sha256(dumps(data).encode()).hexdigest()[:32] + '"'
    headers = {"ETag": etag, "Cache-Control": API_CACHE_CONTROL}
    if get_conditional_response(request._request, etag=etag) is not None:
        return Response(status=status.HTTP_304_NOT_MODIFIED, headers=headers)
    return Response(data, headers=headers)


_NAME = re.compile(r"seq-[0-9]{1,20}")


class ReleasePagination(KeysetPagination):
    ordering = ("-last_seq", "-id")


class ReleaseMixin(KnownParametersMixin):
    filter_backends = []

    def get_queryset(self):
        return Release.objects.all()

    def get_release(self, name: str) -> Release:
        """The release named ``name``; Http404 (a JSON 404) for any other name."""
        # Checked before the query: any text reaches here (a NUL, which PostgreSQL refuses).
        release = Release.objects.filter(name=name).first() if _NAME.fullmatch(name) else None
        if release is None:
            raise Http404("No release has that name.")
        return release


class ReleaseListView(ReleaseMixin, generics.ListAPIView):
    pagination_class = ReleasePagination
    serializer_class = ReleaseSerializer

    @extend_schema(
        summary="Research releases of the published record, newest first",
        description="Deterministic bundles (CSV and JSON Lines of every table, a data "
        "dictionary, a SHA-256 manifest) written by `manage.py release`: the same record "
        "gives the same bytes.",
        responses=documented(ReleaseSerializer(many=True), LIST_ERRORS),
    )
    def get(self, request, *args, **kwargs):
        page = self.paginate_queryset(self.get_queryset())
        data = self.paginator.get_paginated_response(
            [release_item(release, request) for release in page]
        ).data
        return _validated(request, data)


class ReleaseDetailView(ReleaseMixin, generics.GenericAPIView):
    pagination_class = None
    serializer_class = ReleaseSerializer

    @extend_schema(
        operation_id="releases_retrieve",
        summary="One research release: its files, sizes, SHA-256 and download addresses",
        parameters=[OpenApiParameter("name", str, OpenApiParameter.PATH)],
        responses=documented(ReleaseSerializer, ERRORS),
    )
    def get(self, request, name: str):
        return _validated(request, release_item(self.get_release(name), request))


FILE_TYPES = sorted({media.split(";")[0] for media in MEDIA_TYPES.values()})


class ReleaseFileView(ReleaseMixin, generics.GenericAPIView):
    pagination_class = None
    serializer_class = None

    def perform_content_negotiation(self, request, force=False):
        # A file is what it is, whatever Accept says (curl's, a browser's, text/csv): the
        # API's JSON renderer stays for the errors. ?format= other than json is still a 404.
        try:
            return super().perform_content_negotiation(request, force)
        except NotAcceptable:
            return super().perform_content_negotiation(request, force=True)

    @extend_schema(
        operation_id="releases_file_retrieve",
        summary="One file of a research release",
        description="Served with its media type, `Content-Disposition: attachment`, "
        "`Content-Length` and its SHA-256 as the ETag.",
        parameters=[
            OpenApiParameter("name", str, OpenApiParameter.PATH),
            OpenApiParameter("filename", str, OpenApiParameter.PATH),
        ],
        responses={
            **{(200, media): OpenApiTypes.BINARY for media in FILE_TYPES},
            **{
                code: OpenApiResponse(response=answer.response, description=answer.description)
                for code, answer in ERRORS.items()
            },
        },
    )
    def get(self, request, name: str, filename: str):
        release = self.get_release(name)
        entry = release.file(filename)
        if entry is None:
            raise Http404("The release has no file of that name.")
        etag = f'"{entry["sha256"]}"'
        headers = {"ETag": etag, "Cache-Control": API_CACHE_CONTROL}
        if get_conditional_response(request._request, etag=etag) is not None:
            return Response(status=status.HTTP_304_NOT_MODIFIED, headers=headers)
        try:
            file = release_storage().open(f"{release.name}/{filename}", "rb")
        except FileNotFoundError:
            # Listed but gone from the storage: `manage.py release --force` writes it again.
            logger.error("Release %s lists %s, which its storage lacks.", name, filename)
            raise Http404("The file is missing; it will be written again.") from None
        response = FileResponse(
            file, as_attachment=True, filename=filename, content_type=entry["media_type"]
        )
        response["Content-Length"] = str(entry["size"])
        for header, value in headers.items():
            response[header] = value
        return response
