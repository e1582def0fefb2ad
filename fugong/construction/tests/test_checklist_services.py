"""Checklist templates: versions, freezing, one offered per family; routing rules."""

import pytest

from fugong.audit.models import ChangeLog
from fugong.common.errors import Conflict, Forbidden, FugongError
from fugong.common.testing import make_user
from fugong.construction.models import ChecklistTemplate
from fugong.construction.services.checklists import (
    checklist_activate,
    checklist_create,
    checklist_new_version,
    checklist_update,
    routing_rule_create,
    routing_rule_update,
)
from fugong.construction.tests.commitment_helpers import build_commitment_world, file_commitment

ITEMS = [
    {"code": "fence", "text": "围挡完整", "kind": "yes_no"},
    {"code": "masks", "text": "口罩储备天数", "kind": "number_min", "threshold": "7", "unit": "天"},
]


@pytest.fixture
def cw(db):
    return build_commitment_world()


@pytest.fixture
def admin(cw):
    return make_user("admin", "bureau_admin", region=cw.city)


def _items(template):
    return list(template.items.values_list("position", "code", "text", "kind"))


def test_a_new_template_is_the_next_version_and_not_offered(cw, admin):
    template = checklist_create(
        actor=admin, data={"title": "新清单", "statement": "本单位承诺。"}, items=ITEMS
    )
    assert template.version_number == 2 and template.family == "epidemic"
    assert not template.is_active and template.frozen_at is None
    assert _items(template) == [
        (1, "fence", "围挡完整", "yes_no"),
        (2, "masks", "口罩储备天数", "number_min"),
    ]
    log = ChangeLog.objects.for_object(template).get()
    assert log.actor == admin and len(log.after["items"]) == 2


def test_activating_a_version_stops_offering_the_other(cw, admin):
    new = checklist_new_version(actor=admin, template=cw.template)
    checklist_activate(actor=admin, template=new)
    cw.template.refresh_from_db()
    assert not cw.template.is_active
    assert list(ChecklistTemplate.objects.filter(is_active=True)) == [new]


def test_a_template_without_items_cannot_be_offered(cw, admin):
    empty = checklist_create(actor=admin, data={"title": "空", "statement": "承诺"}, items=[])
    with pytest.raises(FugongError) as exc:
        checklist_activate(actor=admin, template=empty)
    assert exc.value.code == "empty_checklist"


def test_bad_items_are_refused_by_row_and_field(cw, admin):
    items = [
        {"code": "a", "text": "", "kind": "yes_no"},
        {"code": "a", "text": "口罩", "kind": "number_min"},
    ]
    with pytest.raises(FugongError) as exc:
        checklist_create(actor=admin, data={"title": "坏", "statement": "承诺"}, items=items)
    assert set(exc.value.fields) == {"items-0-text", "items-1-code", "items-1-threshold"}
    assert ChecklistTemplate.objects.count() == 1


def test_an_unused_version_is_edited_in_place(cw, admin):
    template = checklist_update(
        actor=admin,
        template=cw.template,
        data={"title": "改过的清单", "statement": cw.template.statement},
        items=ITEMS,
        expected_version=cw.template.version,
    )
    assert template.pk == cw.template.pk and template.title == "改过的清单"
    assert [row[1] for row in _items(template)] == ["fence", "masks"]
    log = ChangeLog.objects.for_object(template).get(action="update", actor=admin)
    assert "items" in log.changed_fields and "title" in log.changed_fields


def test_a_stale_edit_is_a_conflict(cw, admin):
    stale = cw.template.version
    data = {"title": "一", "statement": "承诺"}
    checklist_update(
        actor=admin, template=cw.template, data=data, items=ITEMS, expected_version=stale
    )
    with pytest.raises(Conflict):
        checklist_update(
            actor=admin, template=cw.template, data=data, items=ITEMS, expected_version=stale
        )


def test_a_used_version_is_frozen_and_an_edit_makes_the_next_version(cw, admin):
    before = _items(cw.template)
    file_commitment(cw)
    cw.template.refresh_from_db()
    assert cw.template.is_frozen
    new = checklist_update(
        actor=admin,
        template=cw.template,
        data={"title": "第二版", "statement": cw.template.statement},
        items=ITEMS,
    )
    assert new.pk != cw.template.pk and new.version_number == 2 and new.title == "第二版"
    assert not new.is_active and new.frozen_at is None
    assert [row[1] for row in _items(new)] == ["fence", "masks"]
    cw.template.refresh_from_db()
    assert _items(cw.template) == before and cw.template.is_active
    assert cw.template.title == "建设工地疫情防控复工承诺事项清单"


def test_a_new_version_copies_the_items(cw, admin):
    new = checklist_new_version(actor=admin, template=cw.template)
    assert _items(new) == _items(cw.template)
    assert new.statement == cw.template.statement


def test_only_the_bureau_admin_edits_checklists(cw):
    officer = make_user("officer", "district_officer", region=cw.district_a)
    with pytest.raises(Forbidden):
        checklist_create(actor=officer, data={"title": "x", "statement": "y"}, items=ITEMS)
    with pytest.raises(Forbidden):
        checklist_activate(actor=cw.site_manager_a, template=cw.template)


def test_a_rule_to_a_city_department_must_name_it(cw, admin):
    with pytest.raises(FugongError) as exc:
        routing_rule_create(actor=admin, priority=1, name="缺部门", target="city_department")
    assert "department" in exc.value.fields
    with pytest.raises(FugongError):
        routing_rule_create(
            actor=admin,
            priority=1,
            name="企业不是部门",
            target="city_department",
            department=cw.enterprise_a,
        )
    rule = routing_rule_create(
        actor=admin, priority=1, name="区里", target="district_department", department=None
    )
    rule = routing_rule_update(actor=admin, rule=rule, data={"priority": 2})
    assert rule.priority == 2 and rule.department is None


def test_items_follow_their_positions_and_unnumbered_ones_come_last(cw, admin):
    items = [
        {"text": "二", "kind": "yes_no", "position": 2},
        {"text": "末", "kind": "yes_no"},
        {"text": "一", "kind": "yes_no", "position": 1},
    ]
    template = checklist_create(actor=admin, data={"title": "序", "statement": "承诺"}, items=items)
    assert [(p, t) for p, _c, t, _k in _items(template)] == [(1, "一"), (2, "二"), (3, "末")]
