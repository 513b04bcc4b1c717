"""URL map: pages, the JSON API (CONTRACT.md §4) and the i18n helpers for the front end."""

from django.contrib import admin
from django.contrib.staticfiles.urls import staticfiles_urlpatterns
from django.urls import include, path
from django.views.i18n import JavaScriptCatalog

from playground.topologies import views

urlpatterns = [
    path("", views.index, name="index"),
    path("t/<slug:slug>/", views.editor, name="topology"),
    path("t/<slug:slug>/edit", views.editor, {"edit": True}, name="topology-edit"),
    path("t/<slug:slug>.json", views.DownloadView.as_view(), name="topology-download"),
    path("api/", include("playground.topologies.api_urls")),
    path("i18n/", include("django.conf.urls.i18n")),  # set_language: POST /i18n/setlang/
    path("jsi18n/", JavaScriptCatalog.as_view(), name="javascript-catalog"),
    path("admin/", admin.site.urls),
]

# With DEBUG on, Django serves static/ itself, also under plain `daphne` (runserver
# already does); with DEBUG off this adds nothing (serve collected files from a proxy).
urlpatterns += staticfiles_urlpatterns()

# Pages get Django's HTML error pages; anything under /api/ gets JSON (see
# playground.topologies.middleware, which also covers DEBUG's technical pages).
handler400 = "playground.topologies.views.bad_request"
handler403 = "playground.topologies.views.permission_denied"
handler404 = "playground.topologies.views.page_not_found"
handler500 = "playground.topologies.views.server_error"
