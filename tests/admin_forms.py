"""Submitting admin forms as a browser would: read the rendered form, change some fields,
post every field back (management forms of the inlines included)."""

import lxml.html


def form_data(response, form_id: str | None = None) -> dict[str, list[str]]:
    """Every field of the page's form with its current value, as a browser would post it."""
    document = lxml.html.fromstring(response.content.decode())
    forms = (
        document.xpath(f"//form[@id='{form_id}']")
        if form_id
        else document.xpath("//form[@method='post']")
    )
    form = forms[0]
    data: dict[str, list[str]] = {}
    for field in form.xpath(".//input|.//select|.//textarea"):
        name = field.get("name")
        if not name or field.get("type") in ("submit", "button", "file"):
            continue
        if field.tag == "select":
            values = [o.get("value", o.text or "") for o in field.xpath(".//option[@selected]")]
            if not values and field.get("multiple") is None:
                options = field.xpath(".//option")
                values = [options[0].get("value", "")] if options else []
        elif field.tag == "textarea":
            values = [field.text or ""]
        elif field.get("type") == "checkbox":
            values = [field.get("value", "on")] if field.get("checked") is not None else []
        else:
            values = [field.get("value", "")]
        data.setdefault(name, []).extend(values)
    return data


def inline_row(data: dict, prefix: str, **fields) -> dict:
    """Fill the next empty row of the inline formset ``prefix``."""
    index = int(data[f"{prefix}-TOTAL_FORMS"][0])
    for name, value in fields.items():
        data[f"{prefix}-{index}-{name}"] = [str(value)]
    data[f"{prefix}-TOTAL_FORMS"] = [str(index + 1)]
    return data


def post(client, url: str, data: dict):
    return client.post(url, data)
