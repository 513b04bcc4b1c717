"""Keeps the JSON API JSON: no HTML error page and no traceback ever leaves /api/.

Django answers some failures before or around our views (an unknown URL, an oversized
body, DEBUG's technical 404/500 pages, CommonMiddleware's complaints). For API paths
this middleware turns any such non-JSON error response into ``{"errors": [...]}`` with
the same status, and known request exceptions into their proper status codes.
"""

from __future__ import annotations

from collections.abc import Callable
from http import HTTPStatus

from django.core.exceptions import (
    BadRequest,
    PermissionDenied,
    RequestDataTooBig,
    SuspiciousOperation,
)
from django.http import Http404, HttpRequest, HttpResponse

from .api import error_response, render_error, too_large, wants_json

#: Headers worth keeping when an error response is rewritten as JSON.
KEPT_HEADERS = ("Allow", "Retry-After")


class ApiErrorsMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if (
            wants_json(request)
            and response.status_code >= 400
            and not response.get("Content-Type", "").startswith("application/json")
        ):
            return self.as_json(request, response)
        return response

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if not wants_json(request):
            return None
        if isinstance(exception, RequestDataTooBig):
            return render_error(too_large())
        if isinstance(exception, Http404):
            return error_response(404, str(exception) or f"nothing at {request.path_info}")
        if isinstance(exception, PermissionDenied):
            return error_response(403, str(exception) or "forbidden")
        if isinstance(exception, (BadRequest, SuspiciousOperation)):
            return error_response(400, str(exception) or "bad request")
        return None  # Django logs it and answers 500; __call__ makes that JSON

    def as_json(self, request: HttpRequest, response: HttpResponse) -> HttpResponse:
        status = response.status_code
        if status == 413:
            return render_error(too_large())
        if status == 404:
            message = f"no API route at {request.path_info}"
        elif status >= 500:
            message = "internal server error; it has been logged"
        else:
            try:
                message = HTTPStatus(status).phrase.lower()
            except ValueError:
                message = "error"
        headers = {name: response[name] for name in KEPT_HEADERS if name in response}
        return error_response(status, message, headers=headers)
