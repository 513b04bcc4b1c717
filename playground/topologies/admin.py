from django.contrib import admin

from .models import Topology


@admin.register(Topology)
class TopologyAdmin(admin.ModelAdmin):
    """For moderation: look, retitle, delete. Tokens are never visible (only a hash)."""

    list_display = ("slug", "title", "revision", "is_lesson", "forked_from", "updated_at")
    list_filter = ("is_lesson",)
    search_fields = ("slug", "title")
    readonly_fields = ("slug", "revision", "is_lesson", "forked_from", "created_at", "updated_at")
    exclude = ("edit_token_hash",)
