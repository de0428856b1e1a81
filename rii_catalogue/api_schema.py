"""The OpenAPI schema of API v1 (kept apart from rii_catalogue.api: drf-spectacular imports DRF's
generic views, which in turn load the pagination class from rii_catalogue.api)."""

from drf_spectacular.openapi import AutoSchema
from rest_framework.settings import api_settings

ERROR_SCHEMA = {
    "type": "object",
    "properties": {"detail": {"type": "string", "description": "What went wrong."}},
    "required": ["detail"],
}
VALIDATION_ERROR_SCHEMA = {
    "type": "object",
    "description": "Each invalid or unknown parameter or field, with its reasons, "
    'e.g. `{"trl": ["Select a valid choice. 99 is not one of the available choices."]}` or '
    '`{"regoin": ["Unknown query parameter. This endpoint accepts: ..."]}`.',
    "additionalProperties": True,
}


IF_MATCH = {
    "in": "header",
    "name": "If-Match",
    "required": False,
    "schema": {"type": "string"},
    "description": "The ETag of the object as you read it: if it changed since, nothing is written (412).",
}


# DRF reads it on every request; only JSON is an API answer (`api` is the browsable HTML page).
FORMAT = {
    "in": "query",
    "name": api_settings.URL_FORMAT_OVERRIDE,
    "required": False,
    "schema": {"type": "string", "enum": ["json"]},
    "description": "The answer's format: json (the default for API clients).",
}


RETRY_AFTER = {
    "Retry-After": {
        "schema": {"type": "integer", "minimum": 1},
        "required": True,
        "description": "How many seconds to wait before the next request is let through.",
    }
}
TOO_MANY_REQUESTS = (
    "Too many requests from this client (anonymous clients count by address, others by account): "
    "wait the seconds in Retry-After. `detail` says the same in words."
)


def _error(description, schema=ERROR_SCHEMA):
    return {"description": description, "content": {"application/json": {"schema": schema}}}


class CatalogueAutoSchema(AutoSchema):
    """drf-spectacular's schema, plus the error answers every operation can give and the `format`
    parameter every operation accepts (rii_catalogue.api refuses the parameters not documented)."""

    def get_operation(self, *args, **kwargs):
        operation = super().get_operation(*args, **kwargs)
        if operation is None:
            return None
        responses = operation["responses"]
        responses.setdefault(
            "400", _error("Invalid or unknown parameters or fields.", VALIDATION_ERROR_SCHEMA)
        )
        responses.setdefault("401", _error("Authentication failed or needed (a token)."))
        responses.setdefault("403", _error("Not allowed for this account."))
        if "{" in self.path or self.method != "GET":
            responses.setdefault("404", _error("Not found, or not visible to this account."))
        else:
            responses.setdefault("404", _error("No such `format`."))
        responses.setdefault("429", _error(TOO_MANY_REQUESTS))
        responses["429"].setdefault("headers", RETRY_AFTER)
        parameters = operation.setdefault("parameters", [])
        if not any(parameter["name"] == FORMAT["name"] for parameter in parameters):
            parameters.append(FORMAT)
        if self.method in ("PUT", "PATCH", "DELETE"):
            responses.setdefault("412", _error("The object changed since you read it: If-Match is stale."))
            parameters.append(IF_MATCH)
        if self.method == "PUT":
            responses.setdefault("428", _error("A PUT needs If-Match with the ETag you read."))
        return operation
