"""POST /api/topologies/<slug>/sessions/: start a live session (no token needed)."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest, JsonResponse

from playground.topologies.api import ApiView
from playground.topologies.models import Topology
from playground.topologies.ratelimit import check_creation_rate

from .models import LiveSession


class SessionCollectionView(ApiView):
    def post(self, request: HttpRequest, slug: str) -> JsonResponse:
        topology = Topology.get_by_slug(slug)
        # A classroom often shares one address: sessions get a limit of their own.
        check_creation_rate(request, scope="session", limit=settings.LIVE_SESSION_LIMIT)
        session, token = LiveSession.start_for(topology)
        return JsonResponse(session.created_payload(token), status=201)
