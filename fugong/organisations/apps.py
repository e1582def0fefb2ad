from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrganisationsConfig(AppConfig):
    name = "fugong.organisations"
    verbose_name = _("Organisations")

    def ready(self):
        from fugong.common.navigation import NavItem, register

        register(
            NavItem(
                _("Administration"),
                _("Organisations"),
                "organisations:organisation_list",
                "organisations.view_organisation",
                81,
            )
        )
