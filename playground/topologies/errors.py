"""Errors the API reports, each with its HTTP status and the contract's JSON shape.

Model methods raise these; views let them through and `ApiView` renders them as
``{"errors": [{"path", "message"}]}``.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping


class ApiError(Exception):
    status = 400

    def __init__(
        self,
        message: str = "",
        *,
        path: str = "",
        errors: Iterable[Mapping[str, str]] | None = None,
        headers: Mapping[str, str] | None = None,
    ) -> None:
        self.errors = (
            [{"path": str(e["path"]), "message": str(e["message"])} for e in errors]
            if errors is not None
            else [{"path": path, "message": message}]
        )
        self.headers = dict(headers or {})
        super().__init__("; ".join(e["message"] for e in self.errors))


class BadRequest(ApiError):
    """The body is not usable JSON, or not the shape this route expects."""

    status = 400


class InvalidDocument(ApiError):
    """The simulator's validator found problems (all of them are reported)."""

    status = 400


class EditForbidden(ApiError):
    """Missing or wrong edit token, or an attempt to edit a lesson."""

    status = 403


class NotFound(ApiError):
    status = 404


class MethodNotAllowed(ApiError):
    status = 405


class StaleRevision(ApiError):
    """Someone saved since the revision the client edited."""

    status = 409

    def __init__(self, current: int, edited: int) -> None:
        self.current = current
        super().__init__(
            f"stale revision: you edited revision {edited}, but the current revision is "
            f"{current}; reload (or fork) and apply your change again",
            path="revision",
        )


class PayloadTooLarge(ApiError):
    status = 413


class RateLimited(ApiError):
    status = 429

    def __init__(self, retry_after: int) -> None:
        self.retry_after = retry_after
        super().__init__(
            f"too many topologies created from your address; try again in {retry_after} "
            f"second{'s' if retry_after != 1 else ''}",
            headers={"Retry-After": str(retry_after)},
        )
