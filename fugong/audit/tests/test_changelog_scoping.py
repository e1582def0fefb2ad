from fugong.audit.models import ChangeLog
from fugong.common.testing import ScopedEndpointTests


class TestChangeLogScoping(ScopedEndpointTests):
    """The change log scopes like the records it describes."""

    list_url = "/audit/"
    api_list_url = "/api/v1/changelog/"
    role = "bureau_admin"

    def prepare(self, world):
        world.entry_a = ChangeLog.objects.for_object(world.project_a).get()
        world.entry_b = ChangeLog.objects.for_object(world.project_b).get()

    in_scope_attr, out_of_scope_attr = "entry_a", "entry_b"

    list_queries = 6  # two-factor device and the record-type choices

    def prepare_many(self, world):
        from fugong.construction.services.projects import project_update

        for i in range(5):
            project_update(actor=None, project=world.project_a, data={"address": f"地址{i}"})

    def text_of(self, obj):
        return obj.object_repr
