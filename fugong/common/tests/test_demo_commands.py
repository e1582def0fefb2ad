"""The demo commands refuse to run outside DEBUG (and then write nothing). Apart from
`test_load_demo`, whose tests share one loaded demo."""

import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from fugong.regions.models import Region


@pytest.mark.django_db
def test_demo_commands_refuse_outside_debug(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError):
        call_command("load_demo", stdout=io.StringIO())
    with pytest.raises(CommandError):
        call_command("demo_totp", "admin", stdout=io.StringIO())
    assert not Region.objects.exists()
