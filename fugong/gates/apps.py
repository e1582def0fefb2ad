from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GatesConfig(AppConfig):
    name = "fugong.gates"
    verbose_name = _("Gates and passages")

    def ready(self):
        from fugong.gates.setup import register_everything

        register_everything()
