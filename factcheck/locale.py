"""Which language a request is answered in (docs/pages.md, "Languages").

- A reader page's address says it: ``/ru/claims/…`` is Russian, ``/claims/…`` English
  (``i18n_patterns`` with ``prefix_default_language=False``, factcheck/urls.py). The header
  ``Accept-Language`` never changes a reader page, so one address is one page, for every
  reader and every shared cache, and no reader is redirected away from the address they
  followed.
- The admin follows its user: the language chosen in its menu (Django's ``set_language``,
  a cookie), else the browser's ``Accept-Language``. Its answers say ``Vary:
  Accept-Language``; they are private anyway.
- Everything else (the partner API, feeds of data, the health check) is language-neutral:
  answered in English, with neither ``Content-Language`` nor ``Vary: Accept-Language``.
"""

from django.conf import settings
from django.middleware import locale
from django.utils import translation
from django.utils.cache import patch_vary_headers

from core.languages import split_path

# Where the user's own choice decides the language (an editor's desk, not a public page).
NEGOTIATED_PREFIXES = ("/admin/",)
# What says what language it is in: pages (and the Atom feed, whose texts are translated).
LANGUAGE_TAGGED_TYPES = ("text/html", "application/atom+xml")


class LocaleMiddleware(locale.LocaleMiddleware):
    """Django's ``LocaleMiddleware`` with the site's rule (see the module): the language
    from the address's prefix, or for the admin from the user's choice, else English."""

    def process_request(self, request):
        path = request.path_info
        language, _ = split_path(path)
        if path.startswith(NEGOTIATED_PREFIXES):
            # The cookie set_language writes, else Accept-Language, else LANGUAGE_CODE.
            language = translation.get_language_from_request(request)
            request.language_negotiated = True
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()

    def process_response(self, request, response):
        if getattr(request, "language_negotiated", False):
            patch_vary_headers(response, ("Accept-Language",))
        content_type = response.get("Content-Type", "")
        if content_type.startswith(LANGUAGE_TAGGED_TYPES):
            response.headers.setdefault(
                "Content-Language", getattr(request, "LANGUAGE_CODE", settings.LANGUAGE_CODE)
            )
        # The page is rendered: what runs next on this thread (another request's early
        # layers, work after the response) starts from the default language, not this one.
        translation.deactivate()
        return response
