"""Views: thin on purpose. Parse the request, call the model, render the result.

JSON API (CONTRACT.md §4) as class-based `ApiView`s; pages as plain functions.
"""

from __future__ import annotations

import json
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.http import content_disposition_header
from django.utils.text import slugify
from django.views import defaults

from simulator.catalog import catalog_json

from .api import EMPTY, ApiView, error_response, read_json, wants_json
from .errors import BadRequest, NotFound
from .models import Topology
from .ratelimit import check_attempt_rate, check_creation_rate

MAX_REVISION = 2**31 - 1

# --- API --------------------------------------------------------------------------------


class CatalogView(ApiView):
    def get(self, request: HttpRequest) -> JsonResponse:
        return JsonResponse(catalog_json())


class LessonListView(ApiView):
    """Not in the contract: the lessons in chapter order, for the gallery."""

    def get(self, request: HttpRequest) -> JsonResponse:
        lessons = Topology.objects.filter(is_lesson=True).order_by("slug")
        return JsonResponse({"lessons": [lesson.to_api() for lesson in lessons]})


class TopologyCollectionView(ApiView):
    def post(self, request: HttpRequest) -> JsonResponse:
        check_attempt_rate(request)
        topology, token = Topology.create_from_document(
            read_json(request), admit=lambda: check_creation_rate(request))
        return JsonResponse(topology.created_payload(token), status=201)


class TopologyView(ApiView):
    def get(self, request: HttpRequest, slug: str) -> JsonResponse:
        topology = Topology.get_by_slug(slug)
        data = topology.to_api()
        token = request.headers.get("X-Edit-Token")
        if token is not None:  # an edit link opened: the page knows at once if it may edit
            data["can_edit"] = topology.accepts(token)
        return JsonResponse(data)

    def put(self, request: HttpRequest, slug: str) -> JsonResponse:
        topology = Topology.get_by_slug(slug)
        topology.authorize(request.headers.get("X-Edit-Token"))
        revision, document = parse_edit(read_json(request))
        topology.save_revision(document, revision)
        return JsonResponse(topology.to_api())

    def delete(self, request: HttpRequest, slug: str) -> HttpResponse:
        topology = Topology.get_by_slug(slug)
        topology.authorize(request.headers.get("X-Edit-Token"))
        topology.delete()
        return HttpResponse(status=204)


class ForkView(ApiView):
    def post(self, request: HttpRequest, slug: str) -> JsonResponse:
        source = Topology.get_by_slug(slug)
        check_attempt_rate(request)
        topology, token = source.fork(parse_fork(read_json(request, allow_empty=True)),
                                      admit=lambda: check_creation_rate(request))
        return JsonResponse(topology.created_payload(token), status=201)


class DownloadView(ApiView):
    """GET /t/<slug>.json: the stored document as a file download."""

    def get(self, request: HttpRequest, slug: str) -> HttpResponse:
        topology = Topology.get_by_slug(slug)
        response = HttpResponse(
            json.dumps(topology.document, ensure_ascii=False, indent=2) + "\n",
            content_type="application/json; charset=utf-8",
        )
        filename = (slugify(topology.title, allow_unicode=True) or topology.slug) + ".json"
        response["Content-Disposition"] = content_disposition_header(True, filename)
        return response


def parse_edit(body: Any) -> tuple[int, Any]:
    """The PUT body: ``{"revision": <the revision you edited>, "document": {...}}``."""
    if not isinstance(body, dict):
        raise BadRequest(
            'the body must be an object {"revision": <the revision you edited>, "document": {...}}'
        )
    errors = []
    revision = body.get("revision")
    if "revision" not in body:
        errors.append({"path": "revision", "message": "missing: send the revision you edited"})
    elif (
        isinstance(revision, bool)
        or not isinstance(revision, int)
        or not 1 <= revision <= MAX_REVISION
    ):
        errors.append({"path": "revision", "message": "must be a positive whole number"})
    if "document" not in body:
        errors.append({"path": "document", "message": "missing: send the topology document"})
    if errors:
        raise BadRequest(errors=errors)
    return revision, body["document"]


def parse_fork(body: Any) -> Any:
    """The optional fork body: empty or ``{}`` copies the source; ``{"document": …}``
    forks with that document instead (e.g. unsaved edits after someone else saved)."""
    if body is EMPTY:
        return None
    if not isinstance(body, dict):
        raise BadRequest('the body must be empty or an object {"document": {...}}')
    return body.get("document")


# --- pages ------------------------------------------------------------------------------


def index(request: HttpRequest) -> HttpResponse:
    lessons = Topology.objects.filter(is_lesson=True).order_by("slug")
    return render(request, "index.html", {"lessons": lessons})


def editor(request: HttpRequest, slug: str, edit: bool = False) -> HttpResponse:
    try:
        topology = Topology.get_by_slug(slug)
    except NotFound as error:
        raise Http404(str(error)) from None
    return render(request, "editor.html", {"slug": slug, "topology": topology, "edit_link": edit})


# --- error handlers: JSON under the API, Django's pages elsewhere ------------------------


def bad_request(request: HttpRequest, exception: Exception) -> HttpResponse:
    if wants_json(request):
        return error_response(400, "bad request")
    return defaults.bad_request(request, exception)


def permission_denied(request: HttpRequest, exception: Exception) -> HttpResponse:
    if wants_json(request):
        return error_response(403, "forbidden")
    return defaults.permission_denied(request, exception)


def page_not_found(request: HttpRequest, exception: Exception) -> HttpResponse:
    if wants_json(request):
        return error_response(404, f"no API route at {request.path_info}")
    return defaults.page_not_found(request, exception)


def server_error(request: HttpRequest) -> HttpResponse:
    if wants_json(request):
        return error_response(500, "internal server error; it has been logged")
    return defaults.server_error(request)
