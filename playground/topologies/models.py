"""Saved topologies: one topology document, its revision counter and who may edit it.

Whoever holds a topology's edit token may change or delete it; everyone else can read
and fork it. The token is shown once (in the create/fork response) and only its hash
is stored. Lessons are loaded from the simulator's lesson files, keep readable slugs
and are never editable in place.

Validation is the simulator's (`simulator.document`), never re-implemented here.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from collections.abc import Callable
from typing import Any

from django.db import IntegrityError, models, transaction
from django.db.models import F
from django.utils import timezone

from simulator.document import normalize, validate

from .errors import EditForbidden, InvalidDocument, NotFound, StaleRevision

#: Random bytes in a saved topology's slug (128 bits) and in an edit token (256 bits).
SLUG_BYTES = 16
TOKEN_BYTES = 32
TITLE_MAX_LENGTH = 200

LESSON_READ_ONLY = "lessons are read-only; fork to edit"


def new_slug() -> str:
    return secrets.token_urlsafe(SLUG_BYTES)


def new_edit_token() -> str:
    return secrets.token_urlsafe(TOKEN_BYTES)


def hash_token(token: str) -> str:
    """SHA-256 of the token: tokens carry 256 random bits, so a fast hash is enough."""
    return hashlib.sha256(token.encode("utf-8", "surrogatepass")).hexdigest()


def checked_document(document: Any) -> dict[str, Any]:
    """The document as it is stored (normalised), or InvalidDocument with every problem."""
    problems = validate(document)
    if problems:
        raise InvalidDocument(errors=[{"path": p.path, "message": p.message} for p in problems])
    return normalize(document)


def title_of(document: dict[str, Any]) -> str:
    title = document.get("title")
    return title.strip()[:TITLE_MAX_LENGTH] if isinstance(title, str) else ""


class Topology(models.Model):
    slug = models.SlugField(max_length=64, unique=True, editable=False)
    title = models.CharField(max_length=TITLE_MAX_LENGTH, blank=True)
    document = models.JSONField()
    revision = models.PositiveIntegerField(default=1)
    edit_token_hash = models.CharField(
        max_length=64, blank=True, editable=False, help_text="SHA-256 of the edit token (hex)."
    )
    forked_from = models.ForeignKey(
        "self",
        to_field="slug",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="forks",
    )
    is_lesson = models.BooleanField(default=False, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["slug"]
        verbose_name_plural = "topologies"

    def __str__(self) -> str:
        return f"{self.title or '(untitled)'} [{self.slug}]"

    # --- lookups ------------------------------------------------------------------------

    @classmethod
    def get_by_slug(cls, slug: str) -> Topology:
        try:
            return cls.objects.get(slug=slug)
        except cls.DoesNotExist:
            raise NotFound(f"no topology with slug {slug!r}") from None

    # --- creating -----------------------------------------------------------------------

    @classmethod
    def create_from_document(
        cls, document: Any, *, forked_from: Topology | None = None,
        admit: Callable[[], None] | None = None,
    ) -> tuple[Topology, str]:
        """Validate and store a new topology; returns it with its edit token (shown once).
        ``admit`` runs once the document is valid, before anything is stored (a rate limit
        that may refuse: a rejected document then counts for nothing)."""
        clean = checked_document(document)
        if admit is not None:
            admit()
        token = new_edit_token()
        for attempt in range(3):
            try:
                with transaction.atomic():
                    topology = cls.objects.create(
                        slug=new_slug(),
                        title=title_of(clean),
                        document=clean,
                        edit_token_hash=hash_token(token),
                        forked_from=forked_from,
                    )
                return topology, token
            except IntegrityError:
                # The fork's source was deleted meanwhile, or (astronomically unlikely)
                # the random slug collided: then try another one.
                if forked_from is not None and not cls.objects.filter(pk=forked_from.pk).exists():
                    raise NotFound(f"no topology with slug {forked_from.slug!r}") from None
                if attempt == 2:
                    raise
        raise AssertionError("unreachable")

    def fork(self, document: Any = None,
             admit: Callable[[], None] | None = None) -> tuple[Topology, str]:
        """A new topology (new slug, new token) copying this one, or the given document."""
        return Topology.create_from_document(
            self.document if document is None else document, forked_from=self, admit=admit
        )

    # --- editing ------------------------------------------------------------------------

    def check_token(self, token: str | None) -> bool:
        """Constant-time comparison of ``token`` with the stored hash."""
        if not token or not self.edit_token_hash:
            return False
        return hmac.compare_digest(self.edit_token_hash, hash_token(token))

    def accepts(self, token: str | None) -> bool:
        """Whether ``token`` may edit this topology (what ``authorize`` checks)."""
        try:
            self.authorize(token)
        except EditForbidden:
            return False
        return True

    def authorize(self, token: str | None) -> None:
        """Raise EditForbidden unless ``token`` allows editing this topology."""
        if self.is_lesson:
            raise EditForbidden(LESSON_READ_ONLY)
        if not token:
            raise EditForbidden("missing edit token: send it in the X-Edit-Token header")
        if not self.check_token(token):
            raise EditForbidden("wrong edit token for this topology")

    def save_revision(self, document: Any, revision: int) -> None:
        """Store ``document`` as the next revision, if ``revision`` is still the current one.

        The write is one conditional UPDATE (… WHERE revision = n), so of two saves made
        from the same revision exactly one wins and the other gets StaleRevision.
        """
        if self.is_lesson:
            raise EditForbidden(LESSON_READ_ONLY)
        clean = checked_document(document)
        title = title_of(clean)
        now = timezone.now()
        with transaction.atomic():
            updated = Topology.objects.filter(
                pk=self.pk, revision=revision, is_lesson=False
            ).update(document=clean, title=title, revision=F("revision") + 1, updated_at=now)
            if not updated:
                current = (
                    Topology.objects.filter(pk=self.pk).values_list("revision", flat=True).first()
                )
                if current is None:
                    raise NotFound(f"no topology with slug {self.slug!r}")
                raise StaleRevision(current=current, edited=revision)
        self.document, self.title, self.revision, self.updated_at = clean, title, revision + 1, now

    # --- lessons ------------------------------------------------------------------------

    @classmethod
    def load_lesson(cls, slug: str, document: Any) -> tuple[Topology, str]:
        """Create or update the lesson ``slug``; returns it and "created"/"updated"/"unchanged".

        Idempotent: re-loading an unchanged file changes nothing, a changed file becomes
        the next revision of the same row.
        """
        clean = checked_document(document)
        with transaction.atomic():
            existing = cls.objects.select_for_update().filter(slug=slug).first()
            if existing is None:
                lesson = cls.objects.create(
                    slug=slug, title=title_of(clean), document=clean, is_lesson=True
                )
                return lesson, "created"
            if not existing.is_lesson:
                raise ValueError(f"slug {slug!r} is taken by a saved topology, not a lesson")
            if existing.document == clean:
                return existing, "unchanged"
            existing.document = clean
            existing.title = title_of(clean)
            existing.revision = F("revision") + 1
            existing.save(update_fields=["document", "title", "revision", "updated_at"])
            existing.refresh_from_db(fields=["revision"])
            return existing, "updated"

    # --- representation ------------------------------------------------------------------

    @property
    def url(self) -> str:
        return f"/t/{self.slug}/"

    def edit_url(self, token: str) -> str:
        return f"/t/{self.slug}/edit#token={token}"

    def to_api(self) -> dict[str, Any]:
        """The GET shape of CONTRACT.md §4 (plus a few extra fields)."""
        return {
            "slug": self.slug,
            "title": self.title,
            "revision": self.revision,
            "document": self.document,
            "forked_from": self.forked_from_id,
            "is_lesson": self.is_lesson,
            "url": self.url,
            "created_at": self.created_at.isoformat(),
            "updated_at": self.updated_at.isoformat(),
        }

    def created_payload(self, token: str) -> dict[str, Any]:
        """The create/fork response: the only time the edit token is ever shown."""
        return {
            "slug": self.slug,
            "edit_token": token,
            "revision": self.revision,
            "url": self.url,
            "edit_url": self.edit_url(token),
        }
