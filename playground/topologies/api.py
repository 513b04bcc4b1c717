"""HTTP plumbing shared by the API views: JSON bodies in, JSON errors out.

Only transport concerns live here (size, encoding, JSON syntax, the shape of the
request wrapper); whether a topology document is valid is the simulator's call.
"""

from __future__ import annotations

import json
import math
from typing import Any

from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.http import HttpRequest, JsonResponse
from django.utils.decorators import method_decorator
from django.views import View
from django.views.decorators.csrf import csrf_exempt

from .errors import ApiError, BadRequest, MethodNotAllowed, PayloadTooLarge

#: Deepest nesting of arrays/objects accepted in a body. Documents need about six
#: levels; the cap keeps recursion (ours, the validator's, the database's) bounded.
MAX_JSON_DEPTH = 64

EMPTY = object()


def wants_json(request: HttpRequest) -> bool:
    """True for the API and the JSON download, whose errors are always JSON."""
    path = request.path_info
    return path.startswith("/api/") or (path.startswith("/t/") and path.endswith(".json"))


def error_response(
    status: int, message: str, *, path: str = "", headers: dict[str, str] | None = None
) -> JsonResponse:
    return _render(status, [{"path": path, "message": message}], headers or {})


def _render(status: int, errors: list[dict[str, str]], headers: dict[str, str]) -> JsonResponse:
    response = JsonResponse({"errors": errors}, status=status)
    for name, value in headers.items():
        response[name] = value
    return response


def render_error(error: ApiError) -> JsonResponse:
    return _render(error.status, error.errors, error.headers)


def max_body_bytes() -> int:
    return settings.PLAYGROUND_MAX_BODY_BYTES


def too_large() -> PayloadTooLarge:
    limit = max_body_bytes()
    return PayloadTooLarge(
        f"request body is larger than the limit of {limit:,} bytes (1 MB); "
        "make the topology smaller"
    )


def read_body(request: HttpRequest) -> bytes:
    """The raw body, or PayloadTooLarge when it (or its declared length) is over the cap."""
    limit = max_body_bytes()
    try:
        declared = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        raise BadRequest("the Content-Length header is not a number") from None
    if declared > limit:
        raise too_large()
    try:
        body = request.body
    except RequestDataTooBig:
        raise too_large() from None
    if len(body) > limit:  # Content-Length may be absent or understated
        raise too_large()
    return body


def read_json(request: HttpRequest, *, allow_empty: bool = False) -> Any:
    """The parsed JSON body (strict: finite numbers, valid Unicode, bounded nesting).

    With ``allow_empty``, an empty body gives ``EMPTY`` instead of an error.
    """
    body = read_body(request)
    if allow_empty and (not body.strip() or _empty_form(request)):
        return EMPTY
    if not body.strip():
        raise BadRequest("the request body is empty; send a JSON document")
    return parse_json(body)


def _empty_form(request: HttpRequest) -> bool:
    """A form post with no fields (what many HTTP clients send for "no body")."""
    kind = request.content_type or ""
    if kind not in ("multipart/form-data", "application/x-www-form-urlencoded"):
        return False
    return not request.POST and not request.FILES


def parse_json(body: bytes) -> Any:
    try:
        text = body.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise BadRequest(f"the request body is not valid UTF-8 (byte {exc.start})") from None
    try:
        value = json.loads(text, parse_constant=_reject_constant, parse_float=_finite_float)
    except json.JSONDecodeError as exc:
        raise BadRequest(
            f"the request body is not valid JSON: {exc.msg} (line {exc.lineno}, column {exc.colno})"
        ) from None
    except RecursionError:
        raise BadRequest(_too_deep()) from None
    except ValueError as exc:  # our hooks, and ints beyond Python's digit limit
        reason = ("it has a number over 4,300 digits long" if "int_max_str_digits" in str(exc)
                  else str(exc))
        raise BadRequest(f"the request body is not acceptable JSON: {reason}") from None
    _check_values(value)
    return value


def _reject_constant(name: str) -> Any:
    raise ValueError(f"{name} is not a JSON number")


def _finite_float(text: str) -> float:
    value = float(text)
    if not math.isfinite(value):
        raise ValueError(f"number {text[:40]} is out of range")
    return value


def _too_deep() -> str:
    return f"the request body is nested more than {MAX_JSON_DEPTH} levels deep"


def _check_values(value: Any) -> None:
    """Refuse what JSON allows but databases do not store: NUL and lone surrogates."""
    stack: list[tuple[Any, int]] = [(value, 0)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, str):
            _check_string(item)
        elif isinstance(item, (dict, list)):
            if depth >= MAX_JSON_DEPTH:
                raise BadRequest(_too_deep())
            if isinstance(item, dict):
                for key, child in item.items():
                    _check_string(key)
                    stack.append((child, depth + 1))
            else:
                stack.extend((child, depth + 1) for child in item)


def _check_string(text: str) -> None:
    if "\x00" in text:
        raise BadRequest("strings in the request body may not contain NUL (\\u0000)")
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        raise BadRequest(
            "strings in the request body must be valid Unicode (found a lone surrogate)"
        ) from None


@method_decorator(csrf_exempt, name="dispatch")
class ApiView(View):
    """A JSON endpoint: writes are authorised by the X-Edit-Token header, not cookies,
    so CSRF does not apply; every ApiError becomes ``{"errors": [...]}``."""

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
        try:
            return super().dispatch(request, *args, **kwargs)
        except ApiError as error:
            return render_error(error)

    def http_method_not_allowed(self, request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
        allowed = ", ".join(self._allowed_methods())
        error = MethodNotAllowed(
            f"method {request.method} is not allowed here; allowed: {allowed}",
            headers={"Allow": allowed},
        )
        return render_error(error)
