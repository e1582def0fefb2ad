from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "fugong.accounts"
    verbose_name = _("Accounts and roles")

    def ready(self):
        from fugong.accounts import signals  # noqa: F401 - connects the receivers
        from fugong.common.navigation import NavItem, register

        register(
            NavItem(
                _("Administration"),
                _("Users and roles"),
                "accounts:user_list",
                "accounts.view_user",
                82,
            )
        )
