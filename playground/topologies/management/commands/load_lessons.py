"""Load (or reload) the lesson topologies from simulator/lessons/*.json.

Each file is a topology document with a `lesson` part; its stem is the lesson's slug
(`01-single-server.json` → `/t/01-single-server/`). Re-running is idempotent: a changed
file becomes the next revision of the same lesson, an unchanged one is left alone.
All files load or none do.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from playground.topologies.errors import InvalidDocument
from playground.topologies.models import Topology

SLUG_RE = re.compile(r"^[-a-zA-Z0-9_]{1,64}$")


class Command(BaseCommand):
    help = "Load the lesson topologies (read-only, readable slugs) from a directory of JSON files."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument(
            "--dir",
            type=Path,
            default=None,
            help="directory of lesson *.json files (default: settings.PLAYGROUND_LESSONS_DIR)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        directory = Path(options["dir"] or settings.PLAYGROUND_LESSONS_DIR)
        if not directory.is_dir():
            raise CommandError(f"no lesson directory at {directory}")
        files = sorted(directory.glob("*.json"))
        if not files:
            self.stdout.write(f"no lesson files in {directory}")
            return
        counts = {"created": 0, "updated": 0, "unchanged": 0}
        with transaction.atomic():
            for file in files:
                outcome = self.load(file)
                counts[outcome] += 1
                self.stdout.write(f"{outcome:>9}  {file.stem}")
        self.stdout.write(
            self.style.SUCCESS(
                f"{len(files)} lessons: {counts['created']} created, "
                f"{counts['updated']} updated, {counts['unchanged']} unchanged"
            )
        )

    def load(self, file: Path) -> str:
        slug = file.stem
        if not SLUG_RE.match(slug):
            raise CommandError(
                f"{file.name}: the file name must be a slug (letters, digits, - and _)"
            )
        try:
            document = json.loads(file.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, ValueError) as exc:
            raise CommandError(f"{file.name}: cannot read JSON: {exc}") from None
        try:
            _, outcome = Topology.load_lesson(slug, document)
        except InvalidDocument as exc:
            problems = "\n".join(
                f"  {e['path'] or '(document)'}: {e['message']}" for e in exc.errors
            )
            raise CommandError(
                f"{file.name} is not a valid topology document:\n{problems}"
            ) from None
        except ValueError as exc:
            raise CommandError(f"{file.name}: {exc}") from None
        return outcome
