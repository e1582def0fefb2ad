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
        self.ready_commitments()
        self.ready_projects()
        self.ready_reports()

    def ready_projects(self):
        from fugong.common.demo import registry as demo_registry
        from fugong.common.navigation import NavItem, register
        from fugong.construction.demo_projects import load_projects_demo

        demo_registry.register("projects-extra", load_projects_demo, order=10)
        register(
            NavItem(
                _("Work resumption"),
                _("Import projects"),
                "construction:project_import",
                "construction.import_project",
                11,
            ),
        )

    def ready_commitments(self):
        from fugong.common.demo import registry as demo_registry
        from fugong.common.navigation import NavItem, register
        from fugong.construction.demo_commitments import load_commitments_demo

        demo_registry.register("commitments", load_commitments_demo, order=20)
        section = _("Work resumption")
        register(
            NavItem(
                section,
                _("Commitments"),
                "construction:commitment_list",
                "construction.view_commitment",
                20,
            ),
            NavItem(
                section,
                _("File a commitment"),
                "construction:commitment_add",
                "construction.add_commitment",
                21,
            ),
            NavItem(
                section,
                _("Public concerns"),
                "construction:concern_list",
                "construction.view_concern",
                22,
            ),
            NavItem(
                section,
                _("Checklists"),
                "construction:template_list",
                "construction.change_checklisttemplate",
                40,
            ),
            NavItem(
                section,
                _("Routing rules"),
                "construction:routingrule_list",
                "construction.change_routingrule",
                41,
            ),
        )

    def ready_reports(self):
        from fugong.common.demo import registry as demo_registry
        from fugong.common.generate.runner import register as register_generate_step
        from fugong.common.navigation import NavItem, register
        from fugong.construction.demo_reports import load_reports_demo
        from fugong.construction.generate_reports import generate_daily_reports

        demo_registry.register("reports", load_reports_demo, order=30)
        from fugong.construction.tasks import REMINDER, missing_report_remindings, reminder_time
        from fugong.messaging.reminders import daily_at, register_reminder

        register_reminder(
            REMINDER,
            collect=missing_report_remindings,
            schedule=daily_at(reminder_time),
        )
        register_generate_step("daily_reports", generate_daily_reports, order=50)
        section = _("Work resumption")
        register(
            NavItem(
                section,
                _("Today's report"),
                "construction:report_today",
                "construction.add_dailyreport",
                30,
            ),
            NavItem(
                section,
                _("Daily reports"),
                "construction:report_list",
                "construction.view_dailyreport",
                31,
            ),
            # Authorities and leaders (view_reportunlock): enterprises see their own list.
            NavItem(
                section,
                _("Missing reports"),
                "construction:report_missing",
                "construction.view_reportunlock",
                32,
            ),
            NavItem(
                section,
                _("Daily summary"),
                "construction:report_summary",
                "construction.view_reportunlock",
                33,
            ),
            NavItem(
                section,
                _("Reporting times"),
                "construction:report_settings",
                "construction.change_reportingsettings",
                42,
            ),
        )
