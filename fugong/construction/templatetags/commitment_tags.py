"""`{% load commitment_tags %}{% commitment_panel project %}`: the project's commitment in
force and what the viewer may do (file one, print the site sign), for the project page."""

from django import template

from fugong.construction.choices import ProjectStatus
from fugong.construction.models import Project
from fugong.construction.selectors.commitments import commitment_in_force
from fugong.construction.services.commitments import ADD_COMMITMENT

register = template.Library()


@register.inclusion_tag("construction/commitment_project_panel.html", takes_context=True)
def commitment_panel(context, project):
    user = context["request"].user
    can_file = (
        user.has_perm(ADD_COMMITMENT)
        and project.archived_at is None
        and project.status != ProjectStatus.COMPLETED
        and Project.objects.visible_to(user, ADD_COMMITMENT).filter(pk=project.pk).exists()
    )
    commitment = commitment_in_force(project)
    # The page already showed the project to this user, and a commitment is scoped through
    # its project (and its authority): the permission is all that is left to check.
    can_open = commitment is not None and user.has_perm("construction.view_commitment")
    return {
        "project": project,
        "commitment": commitment,
        "can_file": can_file,
        "can_open": can_open,
    }
