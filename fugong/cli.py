"""The `fugong` console command: Django's manage.py under the project's own name."""

import os
import sys


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "fugong.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)
