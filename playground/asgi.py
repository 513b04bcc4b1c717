"""ASGI entry point: Daphne serves HTTP (Django) and, later, the live-session websockets.

Run with `daphne playground.asgi:application` or `python manage.py runserver`.
"""

import os

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "playground.settings")

# Build Django's app first: it sets Django up before anything imports models.
django_asgi_app = get_asgi_application()

from channels.routing import ProtocolTypeRouter  # noqa: E402

application = ProtocolTypeRouter(
    {
        "http": django_asgi_app,
        # --- websocket: added by the live-session issue --------------------------------
        # "websocket": AllowedHostsOriginValidator(
        #     URLRouter([path("ws/sessions/<str:session>/", SessionConsumer.as_asgi())])
        # ),
    }
)
