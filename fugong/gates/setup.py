"""What gates registers with the platform from AppConfig.ready(): role permissions,
navigation, the purge's schedule, demo data and the bench-scale generator."""

from django.utils.translation import gettext_lazy as _

RECORD = ["gates.view_checkpoint", "gates.view_passage", "gates.add_passage"]
MANAGE = ["gates.add_checkpoint", "gates.change_checkpoint"]
TRACE = [
    "gates.trace_passage",
    "gates.view_tracingrun",
    "gates.view_contacttracingcase",
    "gates.add_contacttracingcase",
    "gates.change_contacttracingcase",
]


def register_everything() -> None:
    from fugong.accounts.choices import RoleCode
    from fugong.accounts.roles import extend_role_defaults

    extend_role_defaults(
        {
            RoleCode.BUREAU_ADMIN: [*RECORD, *MANAGE, *TRACE, "gates.view_retentionpurge"],
            RoleCode.LEADER: [
                "gates.view_checkpoint",
                "gates.view_passage",
                "gates.view_tracingrun",
                "gates.view_contacttracingcase",
            ],
            RoleCode.CADRE: [*RECORD, *MANAGE, *TRACE],
            # Gate volunteers (community workers, building leaders) record; they do not trace.
            RoleCode.COMMUNITY_WORKER: RECORD,
        }
    )
    _navigation()
    _schedule()
    _data()


def _navigation() -> None:
    from fugong.common.navigation import NavItem, register

    section = _("Gates")
    register(
        NavItem(section, _("Gates"), "gates:checkpoint_list", "gates.view_checkpoint", 10),
        NavItem(section, _("Passages"), "gates:passage_list", "gates.view_passage", 11),
        NavItem(section, _("Gate alerts"), "gates:alert_list", "gates.view_passage", 12),
        NavItem(section, _("Contact tracing"), "gates:trace", "gates.trace_passage", 20),
        NavItem(
            section,
            _("Tracing cases"),
            "gates:case_list",
            "gates.view_contacttracingcase",
            21,
        ),
        NavItem(section, _("Tracing log"), "gates:run_list", "gates.view_tracingrun", 22),
    )


def _schedule() -> None:
    import datetime

    from fugong.gates.tasks import purge_when_due
    from fugong.messaging.reminders import daily_at, register_reminder

    register_reminder(
        "gates.retention_purge",
        collect=purge_when_due,
        schedule=daily_at(datetime.time(3, 30)),
        label=_("Expired passages and health checks anonymised"),
    )


def _data() -> None:
    from fugong.common.demo import registry as demo_registry
    from fugong.common.generate.runner import register as register_generate_step
    from fugong.gates.demo import load_gates_demo
    from fugong.gates.generate import generate_passages

    demo_registry.register("gates", load_gates_demo, order=70)
    register_generate_step("passages", generate_passages, order=80)
