"""Routes under /api/ (CONTRACT.md §4). The trailing slash is optional, so a client that
drops it gets the same answer instead of a redirect that would lose its body."""

from django.urls import re_path

from playground.live.views import SessionCollectionView

from . import views

SLUG = r"(?P<slug>[-a-zA-Z0-9_]+)"

urlpatterns = [
    re_path(r"^catalog/?$", views.CatalogView.as_view(), name="api-catalog"),
    re_path(r"^lessons/?$", views.LessonListView.as_view(), name="api-lessons"),
    re_path(r"^topologies/?$", views.TopologyCollectionView.as_view(), name="api-topologies"),
    re_path(rf"^topologies/{SLUG}/?$", views.TopologyView.as_view(), name="api-topology"),
    re_path(rf"^topologies/{SLUG}/fork/?$", views.ForkView.as_view(), name="api-fork"),
    re_path(rf"^topologies/{SLUG}/sessions/?$", SessionCollectionView.as_view(),
            name="api-sessions"),
]
