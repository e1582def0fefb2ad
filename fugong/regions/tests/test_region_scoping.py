from fugong.common.testing import ScopedEndpointTests


class TestRegionScoping(ScopedEndpointTests):
    list_url = "/regions/"
    api_list_url = "/api/v1/regions/"
    role = "cadre"
    in_scope_attr, out_of_scope_attr = "community_a", "community_b"

    def grant_scope(self, world):
        return {"region": world.subdistrict_a}
