"""`fugong verify_draw <number, id or JSON file>`: re-run a published draw and say whether
the inputs, the seed and the result are the ones published. A file is the document
downloaded from the draw's public page; it is checked without the database."""

from __future__ import annotations

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from fugong.draws import engine


class Command(BaseCommand):
    help = "Re-run a published double-random draw from its inputs and seed."

    def add_arguments(self, parser):
        parser.add_argument("draw", help="a draw's number or id, or a downloaded JSON file")

    def handle(self, *args, draw, **options):
        document = self._document(draw)
        try:
            verdict = engine.verify(document)
        except engine.InputsError as exc:
            raise CommandError(f"not a draw this command can re-run: {exc}") from None
        inputs = document.get("inputs") or {}
        names = {t["project"]: t.get("name", "") for t in inputs.get("targets", [])}
        people = {i["id"]: i.get("name", "") for i in inputs.get("inspectors", [])}
        out = self.stdout
        out.write(f"draw {inputs.get('draw', '?')}: {len(inputs.get('targets', []))} sites")
        out.write(f"inputs hash {'matches' if verdict.inputs_match else 'DOES NOT MATCH'}")
        out.write(
            f"seed {'matches its published hash' if verdict.seed_matches else 'DOES NOT MATCH'}"
        )
        for d in verdict.recomputed:
            who = ", ".join(f"{people.get(i, '')}#{i}" for i in d["inspectors"])
            out.write(f"  {d['rank']}. {names.get(d['project'], '')}#{d['project']}: {who}")
        if not verdict.ok:
            raise CommandError("the published result does NOT follow from the inputs and seed")
        out.write(self.style.SUCCESS("verified: re-running the draw gives the published result"))

    def _document(self, value: str) -> dict:
        path = Path(value)
        if path.suffix == ".json" or path.is_file():
            try:
                return json.loads(path.read_text(encoding="utf-8"))
            except (OSError, ValueError) as exc:
                raise CommandError(f"cannot read {value}: {exc}") from None
        from fugong.draws.choices import DrawStatus
        from fugong.draws.models import Draw
        from fugong.draws.selectors import published_document

        draw = Draw.objects.filter(number=value).first()
        if draw is None and value.isdigit():
            draw = Draw.objects.filter(pk=int(value)).first()
        if draw is None:
            raise CommandError(f"no draw {value}")
        if draw.status not in (DrawStatus.DRAWN, DrawStatus.ASSIGNED):
            raise CommandError(f"draw {value} is {draw.status}: its seed is not revealed yet")
        return published_document(draw)
