from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ConstructionConfig(AppConfig):
    name = "fugong.construction"
    verbose_name = _("Work resumption")

    def ready(self):
        from fugong.common.navigation import NavItem, register

        register(
            NavItem(
                _("Work resumption"),
                _("Projects"),
                "construction:project_list",
                "construction.view_project",
                10,
            ),
        )
