from fugong.common.testing import ScopedEndpointTests


class TestProjectScopedToDistrict(ScopedEndpointTests):
    list_url = "/construction/projects/"
    api_list_url = "/api/v1/projects/"
    role = "district_officer"


class TestProjectScopedToEnterprise(ScopedEndpointTests):
    list_url = "/construction/projects/"
    api_list_url = "/api/v1/projects/"
    role = "enterprise_user"

    def grant_scope(self, world):
        return {"organisation": world.enterprise_a}
