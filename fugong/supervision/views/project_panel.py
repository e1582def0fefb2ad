"""The supervision card of the project page (registered in construction's hooks)."""

from django.template.loader import render_to_string

from fugong.supervision.selectors.project_panel import project_supervision


def project_panel(request, project) -> str:
    supervision = project_supervision(request.user, project)
    if supervision is None:
        return ""
    return render_to_string(
        "supervision/project_panel.html",
        {"project": project, "supervision": supervision},
        request=request,
    )
