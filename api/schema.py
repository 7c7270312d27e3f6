"""OpenAPI details drf-spectacular cannot infer (loaded from api.authentication)."""

from drf_spectacular.extensions import OpenApiAuthenticationExtension


class ApiKeyScheme(OpenApiAuthenticationExtension):
    target_class = "api.authentication.ApiKeyAuthentication"
    name = "ApiKey"
    # The key is optional: without one a client gets the anonymous rate limit.
    optional = True

    def get_security_definition(self, auto_schema):
        return {
            "type": "apiKey",
            "in": "header",
            "name": "X-API-Key",
            "description": "A partner key lifts the rate limit; the API is public without one.",
        }
