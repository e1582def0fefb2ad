"""The project list: filters (commitment in force, city key, kind, status, district), the
status badge, and the export."""

import datetime

import pytest
from django.test import Client
from django.utils import translation

from fugong.common.testing import build_world, login, make_user, xlsx_rows
from fugong.construction.choices import CommitmentStatus, ProjectStatus
from fugong.construction.models import ChecklistTemplate, Commitment
from fugong.construction.services.projects import project_create, project_set_status

LIST = "/construction/projects/"


@pytest.fixture
def world(db):
    world = build_world()
    world.project_c = project_create(
        actor=None,
        name="中原路",
        kind="road",
        is_city_key=True,
        region=world.district_a,
        builder=world.enterprise_a,
    )
    project_set_status(actor=None, project=world.project_a, to_status=ProjectStatus.RESUMED)
    template = ChecklistTemplate.objects.create(
        version_number=1, title="防控条件", statement="我承诺", is_active=True
    )
    for project, status in (
        (world.project_a, CommitmentStatus.IN_FORCE),
        (world.project_c, CommitmentStatus.REVOKED),  # a revoked one does not count
    ):
        Commitment.objects.create(
            project=project,
            template=template,
            enterprise=world.enterprise_a,
            authority=world.bureau,
            status=status,
            responsible_person="吴闯",
            responsible_phone="13939100301",
            signed_name="吴闯",
            signed_on=datetime.date(2020, 2, 24),
            statement_accepted=True,
            filed_by=make_user(f"filer-{project.pk}"),
        )
    return world


def _names(client, **params):
    html = client.get(LIST, params).content.decode()
    return {name for name in ("东海大道", "中原路", "群英河桥") if f">{name}</a>" in html}


def test_filters(world):
    admin = make_user("admin", "bureau_admin", region=world.city)
    client = login(Client(), admin)
    assert _names(client) == {"东海大道", "中原路", "群英河桥"}
    assert _names(client, has_commitment="true") == {"东海大道"}
    assert _names(client, has_commitment="false") == {"中原路", "群英河桥"}
    assert _names(client, is_city_key="true") == {"中原路"}
    assert _names(client, kind="bridge") == {"群英河桥"}
    assert _names(client, status="resumed") == {"东海大道"}
    assert _names(client, region=world.district_b.pk) == {"群英河桥"}
    assert _names(client, region=world.district_a.pk, status="not_started") == {"中原路"}


def test_status_badges_on_screen_and_plain_labels_in_the_export(world):
    officer = make_user("officer", "district_officer", region=world.district_a)
    client = login(Client(), officer)
    html = client.get(LIST).content.decode()
    assert 'class="badge text-bg-success" data-status="resumed"' in html
    assert 'data-status="not_started"' in html
    rows = xlsx_rows(client.get(LIST, {"export": "xlsx"}).content)
    header, *data = rows
    assert all("<span" not in str(cell) for row in data for cell in row)
    donghai = next(row for row in data if "东海大道" in row)
    with translation.override("zh-hans"):  # the language of the request
        assert str(ProjectStatus.RESUMED.label) in [str(cell) for cell in donghai]
    assert any(str(cell) == "解放区" for cell in donghai)  # the district is exported
