"""Reads of projects other apps may use (dashboard, supervision)."""

from fugong.construction.models import Project


def projects_visible_to(user, action: str = "view"):
    return Project.objects.visible_to(user, action).select_related(
        "region", "builder", "contractor", "supervisor"
    )
