from django.apps import AppConfig, apps
from django.utils.translation import gettext_lazy as _


class CoordinationConfig(AppConfig):
    name = "fugong.coordination"
    verbose_name = _("Coordination")

    def ready(self):
        from fugong.accounts.choices import RoleCode
        from fugong.accounts.roles import extend_role_defaults
        from fugong.common.demo import registry as demo_registry
        from fugong.common.navigation import NavItem, register
        from fugong.coordination.demo import load_coordination_demo

        tickets_read = [
            "coordination.view_ticket",
            "coordination.view_ticketevent",
            "coordination.view_ticketroute",
        ]
        passes_authority = [
            "coordination.view_vehiclepass",
            "coordination.approve_vehiclepass",
            "coordination.revoke_vehiclepass",
        ]
        extend_role_defaults(
            {
                RoleCode.BUREAU_ADMIN: [
                    *tickets_read,
                    "coordination.handle_ticket",
                    "coordination.add_ticketroute",
                    "coordination.change_ticketroute",
                    *passes_authority,
                ],
                RoleCode.LEADER: [*tickets_read, "coordination.view_vehiclepass"],
                RoleCode.DEPARTMENT_OFFICER: [
                    "coordination.handle_routed_ticket",
                    "coordination.view_ticketroute",
                ],
                RoleCode.DISTRICT_OFFICER: [
                    *tickets_read,
                    "coordination.handle_ticket",
                    "coordination.handle_routed_ticket",
                    *passes_authority,
                ],
                RoleCode.ENTERPRISE_USER: [
                    *tickets_read,
                    "coordination.add_ticket",
                    "coordination.confirm_ticket",
                    "coordination.view_vehiclepass",
                    "coordination.add_vehiclepass",
                ],
            }
        )
        demo_registry.register("coordination", load_coordination_demo, order=60)
        from fugong.common.generate.runner import register as register_generate_step
        from fugong.coordination.generate import generate_tickets

        register_generate_step("tickets", generate_tickets, order=70)
        if apps.is_installed("fugong.messaging"):
            from fugong.coordination.reminders import register as register_reminders

            register_reminders()
        section = _("Coordination")
        register(
            NavItem(
                section,
                _("Raise a problem"),
                "coordination:ticket_add",
                "coordination.add_ticket",
                10,
            ),
            NavItem(
                section, _("Our tickets"), "coordination:ticket_mine", "coordination.add_ticket", 11
            ),
            NavItem(
                section,
                _("Routed to us"),
                "coordination:ticket_routed",
                "coordination.handle_routed_ticket",
                12,
            ),
            NavItem(
                section,
                _("All tickets"),
                "coordination:ticket_list",
                "coordination.view_ticket",
                13,
            ),
            NavItem(
                section,
                _("Vehicle passes"),
                "coordination:pass_list",
                "coordination.view_vehiclepass",
                20,
            ),
            NavItem(
                section,
                _("Apply for a vehicle pass"),
                "coordination:pass_add",
                "coordination.add_vehiclepass",
                21,
            ),
            NavItem(
                section,
                _("Ticket routing"),
                "coordination:route_list",
                "coordination.change_ticketroute",
                40,
            ),
        )
