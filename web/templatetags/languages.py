"""The page's languages, for its language switcher and its ``hreflang`` alternates
(docs/pages.md, "Languages"): the same page in every language of LANGUAGES."""

from __future__ import annotations

from dataclasses import dataclass

from django import template
from django.conf import settings
from django.utils import translation

from core.languages import localized_path, split_path

register = template.Library()


@dataclass(frozen=True)
class PageLanguage:
    """This page in one language: ``href`` (absolute, without the query string: the
    ``hreflang`` alternate of the page's canonical address), ``url`` (root-relative, with
    the request's query string: the switcher's link), and the language's code, its name in
    itself and its direction."""

    code: str
    name: str
    href: str
    url: str
    bidi: bool
    is_current: bool
    is_default: bool

    @property
    def direction(self) -> str:
        return "rtl" if self.bidi else "ltr"


@register.simple_tag(takes_context=True)
def page_languages(context, *, home: bool = False) -> list[PageLanguage]:
    """This page in each language of LANGUAGES, in their order; with ``home``, the home
    page instead (an error page: its address may name what is not public, and is not
    repeated). A page rendered without a request (Django's 500 page) has none."""
    request = context.get("request")
    if request is None:
        return []
    current = translation.get_language()
    if home:
        path, query = "/", ""
    else:
        _, path = split_path(request.path)
        query = request.META.get("QUERY_STRING", "")
    languages = []
    for code, _name in settings.LANGUAGES:
        info = translation.get_language_info(code)
        localized = localized_path(path, code)
        languages.append(
            PageLanguage(
                code=code,
                name=info["name_local"],
                href=request.build_absolute_uri(localized),
                url=f"{localized}?{query}" if query else localized,
                bidi=info["bidi"],
                is_current=code == current,
                is_default=code == settings.LANGUAGE_CODE,
            )
        )
    return languages
