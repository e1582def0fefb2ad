from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CommunityConfig(AppConfig):
    name = "fugong.community"
    verbose_name = _("Community")

    def ready(self):
        from fugong.common.generate.runner import register as register_generate_step
        from fugong.community.generate import generate_community

        # After "accounts" (40): the bench cadres are deployed to their communities.
        register_generate_step("community", generate_community, order=45)
        self.ready_roles()
        self.ready_navigation()
        self.ready_demo()

    def ready_roles(self):
        from fugong.accounts.choices import RoleCode
        from fugong.accounts.roles import extend_role_defaults

        def crud(model, actions=("view", "add", "change", "delete")):
            return [f"community.{action}_{model}" for action in actions]

        survey = [
            *crud("household"),
            *crud("resident"),
            "community.import_resident",
            "community.export_resident",
            *crud("residentgroup"),
        ]
        extend_role_defaults(
            {
                RoleCode.BUREAU_ADMIN: [
                    *crud("deployment"),
                    *crud("dutylog", ("view", "change")),
                    *survey,
                    *crud("feedback", ("view", "change")),
                ],
                RoleCode.LEADER: [
                    "community.view_deployment",
                    "community.view_dutylog",
                    "community.view_household",
                    "community.view_resident",
                    "community.view_residentgroup",
                    "community.view_feedback",
                ],
                RoleCode.CADRE: [
                    "community.view_deployment",
                    *crud("dutylog", ("view", "add", "change")),
                    *survey,
                    "community.view_feedback",
                ],
                RoleCode.COMMUNITY_WORKER: [
                    "community.view_deployment",
                    "community.view_dutylog",
                    *survey,
                    *crud("feedback", ("view", "add", "change")),
                ],
            }
        )

    def ready_navigation(self):
        from fugong.common.navigation import NavItem, register

        section = _("Community")
        register(
            NavItem(
                section, _("Duty check-in"), "community:duty_check_in", "community.add_dutylog", 1
            ),
            NavItem(
                section, _("Cover today"), "community:cover_today", "community.view_deployment", 2
            ),
            NavItem(
                section,
                _("Deployments"),
                "community:deployment_list",
                "community.view_deployment",
                3,
            ),
            NavItem(section, _("Duty logs"), "community:duty_list", "community.view_dutylog", 4),
            NavItem(
                section, _("Residents"), "community:resident_list", "community.view_resident", 5
            ),
            NavItem(
                section, _("Households"), "community:household_list", "community.view_household", 6
            ),
            NavItem(
                section,
                _("Import residents"),
                "community:resident_import",
                "community.import_resident",
                7,
            ),
            NavItem(
                section,
                _("Building groups"),
                "community:group_list",
                "community.view_residentgroup",
                8,
            ),
            NavItem(
                section, _("Feedback"), "community:feedback_list", "community.view_feedback", 9
            ),
        )

    def ready_demo(self):
        from fugong.common.demo import registry as demo_registry
        from fugong.community.demo import load_community_demo

        demo_registry.register("community", load_community_demo, order=40)
