from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

VIEW_DASHBOARD = "dashboard.view_dashboard"
SEND_BULLETIN = "dashboard.send_bulletin"


class DashboardConfig(AppConfig):
    name = "fugong.dashboard"
    verbose_name = _("Command dashboard")

    def ready(self):
        from fugong.accounts.choices import RoleCode
        from fugong.accounts.roles import extend_role_defaults
        from fugong.common.navigation import NavItem, register

        recipients = [
            "dashboard.view_bulletinrecipient",
            "dashboard.add_bulletinrecipient",
            "dashboard.change_bulletinrecipient",
            "messaging.view_channel",
        ]
        extend_role_defaults(
            {
                RoleCode.BUREAU_ADMIN: [VIEW_DASHBOARD, SEND_BULLETIN, *recipients],
                RoleCode.LEADER: [
                    VIEW_DASHBOARD,
                    SEND_BULLETIN,
                    "dashboard.view_bulletinrecipient",
                ],
                RoleCode.DEPARTMENT_OFFICER: [VIEW_DASHBOARD],
                RoleCode.DISTRICT_OFFICER: [VIEW_DASHBOARD],
                RoleCode.CADRE: [VIEW_DASHBOARD],
                RoleCode.ENTERPRISE_USER: [VIEW_DASHBOARD],
            }
        )
        section = _("Dashboard")
        register(
            NavItem(section, _("Command dashboard"), "dashboard:home", VIEW_DASHBOARD, 1),
            NavItem(section, _("Big screen"), "dashboard:screen", VIEW_DASHBOARD, 2),
            NavItem(section, _("Daily bulletin"), "dashboard:bulletin", VIEW_DASHBOARD, 3),
            NavItem(
                section,
                _("Bulletin recipients"),
                "dashboard:recipient_list",
                "dashboard.view_bulletinrecipient",
                4,
            ),
            NavItem(section, _("Public disclosure"), "dashboard:disclosure", VIEW_DASHBOARD, 5),
        )
        self._schedule()

    @staticmethod
    def _schedule() -> None:
        """The closed days' cumulative output the resumption figures start from, kept by
        the worker (`construction.services.rollups`); without it they sum live."""
        from django.apps import apps

        if not apps.is_installed("fugong.construction"):
            return
        from fugong.construction.services.rollups import (
            REFRESH_MINUTES,
            output_rollup_remindings,
        )
        from fugong.messaging.reminders import every, register_reminder

        register_reminder(
            "dashboard.output_rollup",
            collect=output_rollup_remindings,
            schedule=every(minutes=REFRESH_MINUTES),
            label=_("Cumulative output of closed days summed"),
        )
