from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SupervisionConfig(AppConfig):
    name = "fugong.supervision"
    verbose_name = _("Supervision")

    def ready(self):
        from fugong.accounts.roles import extend_role_defaults
        from fugong.construction import hooks
        from fugong.supervision.roles import ROLE_PERMISSIONS
        from fugong.supervision.services.stopwork import resume_guard, sign_notices
        from fugong.supervision.views.project_panel import project_panel

        extend_role_defaults(ROLE_PERMISSIONS)
        # Construction never imports supervision: it asks these through its hooks.
        hooks.register_resume_guard(resume_guard)
        hooks.register_sign_notices(sign_notices)
        hooks.register_project_panel(project_panel)
        self.ready_menu()
        self.ready_demo()
        self.ready_reminders()

    def ready_reminders(self):
        from fugong.messaging.reminders import every, register_reminder
        from fugong.supervision.services.rectification import overdue_reminders

        register_reminder(
            "supervision.rectification_overdue",
            collect=overdue_reminders,
            schedule=every(minutes=60),
            label=_("Rectification deadline passed"),
        )

    def ready_menu(self):
        from fugong.common.navigation import NavItem, register

        section = _("Supervision")
        register(
            NavItem(
                section,
                _("Inspections"),
                "supervision:inspection_list",
                "supervision.view_inspection",
                10,
            ),
            NavItem(
                section,
                _("Start an inspection"),
                "supervision:inspection_add",
                "supervision.add_inspection",
                11,
            ),
            NavItem(
                section,
                _("Rectification"),
                "supervision:finding_list",
                "supervision.view_finding",
                12,
            ),
            NavItem(
                section,
                _("Stop-work orders"),
                "supervision:stopwork_list",
                "supervision.view_stopworkorder",
                13,
            ),
            NavItem(
                section,
                _("Inspection targets"),
                "supervision:target_list",
                "supervision.view_inspection",
                20,
            ),
            NavItem(
                section,
                _("Inspectors"),
                "supervision:inspector_list",
                "supervision.view_inspector",
                21,
            ),
            NavItem(
                section,
                _("Inspection checklists"),
                "supervision:checklist_list",
                "supervision.change_inspectionchecklist",
                40,
            ),
        )

    def ready_demo(self):
        from fugong.common.demo import registry as demo_registry
        from fugong.supervision.demo import load_supervision_demo

        demo_registry.register("supervision", load_supervision_demo, order=40)
        from fugong.common.generate.runner import register as register_generate_step
        from fugong.supervision.generate import generate_supervision

        register_generate_step("supervision", generate_supervision, order=60)
