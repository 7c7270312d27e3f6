"""Reading rendered pages as a browser would: parsed, not matched with regular expressions."""

import lxml.html


def parse(response):
    return lxml.html.fromstring(response.content.decode())


def text_of(element) -> str:
    """The element's visible text with white space folded."""
    return " ".join(element.text_content().split())


def css(document, selector):
    return document.cssselect(selector)
