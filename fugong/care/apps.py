from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

CARE_WORK = [
    "care.view_quarantine",
    "care.add_quarantine",
    "care.change_quarantine",
    "care.release_quarantine",
    "care.view_quarantineevent",
    "care.view_healthcheck",
    "care.add_healthcheck",
    "care.view_errand",
    "care.add_errand",
    "care.change_errand",
    "care.view_errandevent",
    "care.view_disinfection",
    "care.add_disinfection",
    "care.view_supplyitem",
    "care.add_supplyitem",
    "care.change_supplyitem",
    "care.issue_supplyitem",
    "care.view_supplymovement",
]
# Leaders read the figures, not people's health checks.
CARE_READ = [
    "care.view_quarantine",
    "care.view_errand",
    "care.view_disinfection",
    "care.view_supplyitem",
    "care.view_supplymovement",
]


class CareConfig(AppConfig):
    name = "fugong.care"
    verbose_name = _("Community care")

    def ready(self):
        from fugong.accounts.choices import RoleCode
        from fugong.accounts.roles import extend_role_defaults
        from fugong.care.demo import load_care_demo
        from fugong.care.reminders import register_reminders
        from fugong.common.demo import registry as demo_registry
        from fugong.common.navigation import NavItem, register

        # Cadres and community workers act in the communities their grants cover; the
        # bureau administrator everywhere.
        extend_role_defaults(
            {
                RoleCode.CADRE: CARE_WORK,
                RoleCode.COMMUNITY_WORKER: CARE_WORK,
                RoleCode.BUREAU_ADMIN: CARE_WORK,
                RoleCode.LEADER: CARE_READ,
            }
        )
        demo_registry.register("care", load_care_demo, order=80)
        from fugong.care.generate import generate_care
        from fugong.common.generate.runner import register as register_generate_step

        register_generate_step("care", generate_care, order=85)
        register_reminders()
        section = _("Community care")
        register(
            NavItem(section, _("Care overview"), "care:overview", "care.view_quarantine", 10),
            NavItem(section, _("Quarantine"), "care:quarantine_list", "care.view_quarantine", 11),
            NavItem(
                section, _("Overdue checks"), "care:quarantine_overdue", "care.view_quarantine", 12
            ),
            NavItem(section, _("Errands"), "care:errand_list", "care.view_errand", 20),
            NavItem(
                section,
                _("Disinfection log"),
                "care:disinfection_list",
                "care.view_disinfection",
                30,
            ),
            NavItem(
                section,
                _("Disinfection coverage"),
                "care:disinfection_coverage",
                "care.view_disinfection",
                31,
            ),
            NavItem(section, _("Supplies"), "care:supply_list", "care.view_supplyitem", 40),
        )
        self._join_gates()

    def _join_gates(self):
        """When the gates app offers its registries, alert on a quarantined resident going
        out and let its purge task take the health checks too."""
        from django.apps import apps

        if not apps.is_installed("fugong.gates"):
            return
        try:
            from fugong.gates import hooks
        except ImportError:
            return
        from fugong.care import gate_hooks

        gate_hooks.join(hooks)
