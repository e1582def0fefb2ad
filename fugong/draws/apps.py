from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DrawsConfig(AppConfig):
    name = "fugong.draws"
    verbose_name = _("Double-random spot checks")

    def ready(self):
        from fugong.accounts.roles import extend_role_defaults
        from fugong.common.demo import registry as demo_registry
        from fugong.common.navigation import NavItem, register
        from fugong.draws.demo import load_draws_demo
        from fugong.draws.roles import ROLE_PERMISSIONS

        extend_role_defaults(ROLE_PERMISSIONS)
        demo_registry.register("draws", load_draws_demo, order=45)
        from fugong.common.generate.runner import register as register_generate_step
        from fugong.draws.generate import generate_draws

        register_generate_step("draws", generate_draws, order=65)
        section = _("Supervision")
        register(
            NavItem(section, _("Double-random draws"), "draws:draw_list", "draws.view_draw", 30),
            NavItem(section, _("Prepare a draw"), "draws:draw_add", "draws.run_draw", 31),
        )
