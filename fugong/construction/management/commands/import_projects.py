from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from fugong.accounts.models import User
from fugong.common.errors import FugongError
from fugong.construction.importing.projects import commit_import, plan_import
from fugong.construction.importing.reading import check_upload


class Command(BaseCommand):
    help = (
        "Check a project list (.xlsx) as USERNAME would import it, and with --commit import "
        "it: every row or none. The same checks, scope and services as the import page."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="the .xlsx workbook")
        parser.add_argument(
            "--user", required=True, help="import as this user (their jurisdiction applies)"
        )
        parser.add_argument(
            "--commit", action="store_true", help="write the rows (default: check only)"
        )

    def handle(self, *args, file, user, commit=False, **options):
        path = Path(file)
        if not path.is_file():
            raise CommandError(f"No such file: {path}")
        actor = User.objects.filter(username=user, is_active=True).first()
        if actor is None:
            raise CommandError(f"No active user {user!r}.")
        if not actor.has_perm("construction.import_project"):
            raise CommandError(f"{user!r} may not import projects.")
        try:
            check_upload(path.name, path.stat().st_size)
        except FugongError as exc:
            raise CommandError(str(exc.message)) from None
        plan = (
            commit_import(path, actor=actor, filename=path.name)
            if commit
            else plan_import(path, actor=actor)
        )
        for error in plan.errors:
            where = _("row %(row)d") % {"row": error.row} if error.row else _("file")
            column = f" [{error.column}]" if error.column else ""
            value = f" ({error.value})" if error.value else ""
            self.stderr.write(f"{where}{column}: {error.message}{value}")
        counts = plan.counts
        summary = (
            f"create {counts['create']}, update {counts['update']}, "
            f"unchanged {counts['unchanged']}, new enterprises {counts['enterprises']}, "
            f"targets {counts['targets']}, errors {counts['errors']}"
        )
        if plan.errors:
            raise CommandError(f"Nothing imported: {summary}")
        if commit:
            self.stdout.write(f"Imported: {summary}")
        else:
            self.stdout.write(f"Checked, nothing written (use --commit): {summary}")
