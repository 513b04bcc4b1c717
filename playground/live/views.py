"""POST /api/topologies/<slug>/sessions/: start a live session (no token needed)."""

from __future__ import annotations

from django.http import HttpRequest, JsonResponse

from playground.topologies.api import ApiView
from playground.topologies.models import Topology

from .models import LiveSession


class SessionCollectionView(ApiView):
    def post(self, request: HttpRequest, slug: str) -> JsonResponse:
        session, token = LiveSession.start_for(Topology.get_by_slug(slug))
        return JsonResponse(session.created_payload(token), status=201)
