from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ConstructionConfig(AppConfig):
    name = "fugong.construction"
    verbose_name = _("Work resumption")

    def ready(self):
        from fugong.common.generate.runner import register as register_generate_step
        from fugong.common.navigation import NavItem, register
        from fugong.construction.generate import generate_projects

        register_generate_step("projects", generate_projects, order=30)

        register(
            NavItem(
                _("Work resumption"),
                _("Projects"),
                "construction:project_list",
                "construction.view_project",
                10,
            ),
        )
