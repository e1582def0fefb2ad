from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MessagingConfig(AppConfig):
    name = "fugong.messaging"
    verbose_name = _("Messages")

    def ready(self):
        from fugong.accounts.choices import RoleCode
        from fugong.accounts.roles import extend_role_defaults
        from fugong.common.demo import registry as demo_registry
        from fugong.common.navigation import NavItem, register
        from fugong.messaging.demo import load_notices_demo

        issue = [
            "messaging.view_notice",
            "messaging.add_notice",
            "messaging.change_notice",
            "messaging.publish_notice",
            "messaging.broadcast_notice",
            "messaging.view_readreceipt",
        ]
        channels = [
            "messaging.view_channel",
            "messaging.add_channel",
            "messaging.change_channel",
            "messaging.broadcast_notice",
        ]
        outbox = [
            "messaging.view_outboxmessage",
            "messaging.resend_outboxmessage",
            "messaging.view_deliveryattempt",
        ]
        extend_role_defaults(
            {
                RoleCode.BUREAU_ADMIN: [*issue, *channels, *outbox],
                RoleCode.LEADER: [*issue, "messaging.view_channel"],
                RoleCode.DISTRICT_OFFICER: [*issue, *channels, "messaging.view_outboxmessage"],
                RoleCode.DEPARTMENT_OFFICER: ["messaging.view_notice"],
                # Cadres and community staff run the building groups (楼栋群).
                RoleCode.CADRE: channels,
                RoleCode.COMMUNITY_WORKER: channels,
            }
        )
        section = _("Notices")
        register(
            NavItem(
                section, _("Issue notices"), "messaging:notice_list", "messaging.add_notice", 1
            ),
            NavItem(section, _("Channels"), "messaging:channel_list", "messaging.view_channel", 2),
            NavItem(
                section, _("Outbox"), "messaging:outbox_list", "messaging.view_outboxmessage", 3
            ),
        )
        demo_registry.register("notices", load_notices_demo, order=60)
