from django.apps import AppConfig


class WebConfig(AppConfig):
    """The reader pages: home, the claim list and search, claim, speaker and
    source pages, the embeddable card and oEmbed, the Atom feed and the sitemap, all read
    from the published record."""

    name = "web"
    verbose_name = "Reader pages"

    def ready(self):
        # Renders again the claim pages a publish dropped (serving.renditions).
        from web import claim_pages  # noqa: F401
