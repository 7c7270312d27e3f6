from django.db import models


class SeededClaim(models.Model):
    """Which claim a seed record made ("lavrov-raqqa.toml#C1"): how a later run knows it
    after curators have edited its words, and leaves it to them."""

    key = models.CharField(max_length=200, unique=True)
    claim = models.OneToOneField("claims.Claim", on_delete=models.CASCADE, related_name="+")

    def __str__(self):
        return self.key
