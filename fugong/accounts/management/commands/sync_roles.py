from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from fugong.accounts.services import sync_roles


class Command(BaseCommand):
    help = "Create the default roles (and, with --reset, restore their default permissions)."

    def add_arguments(self, parser):
        parser.add_argument("--reset", action="store_true", help="overwrite edited permissions")

    def handle(self, *args, reset=False, **options):
        created, missing = sync_roles(reset=reset)
        self.stdout.write(_("Roles created: %(n)s") % {"n": created})
        if missing:
            self.stderr.write("unknown permissions (app not installed?): " + ", ".join(missing))
