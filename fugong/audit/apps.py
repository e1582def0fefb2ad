from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AuditConfig(AppConfig):
    name = "fugong.audit"
    verbose_name = _("Audit")

    def ready(self):
        from fugong.common.navigation import NavItem, register

        register(
            NavItem(
                _("Administration"),
                _("Change log"),
                "audit:changelog_list",
                "audit.view_changelog",
                90,
            )
        )
