from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RegionsConfig(AppConfig):
    name = "fugong.regions"
    verbose_name = _("Regions")

    def ready(self):
        from fugong.common.navigation import NavItem, register

        register(
            NavItem(
                _("Administration"), _("Regions"), "regions:region_list", "regions.view_region", 80
            )
        )
