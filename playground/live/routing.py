from django.urls import path, re_path

from .consumers import NoSocketHere, SessionConsumer

websocket_urlpatterns = [
    path("ws/sessions/<str:session>/", SessionConsumer.as_asgi()),
    # Anything else: said and closed (unrouted, Channels raised inside the app: HTTP 500).
    re_path(r"", NoSocketHere.as_asgi()),
]
