from fugong.common.testing import ScopedEndpointTests
from fugong.construction.services.projects import project_create


def _more_projects(world):
    for i in range(5):
        project_create(
            actor=None,
            name=f"附加项目{i}",
            kind="road",
            region=world.district_a,
            builder=world.enterprise_a,
            contractor=world.enterprise_a,
            supervisor=world.enterprise_a,
            responsible_phone=f"1391234000{i}",
        )


class TestProjectScopedToDistrict(ScopedEndpointTests):
    list_url = "/construction/projects/"
    api_list_url = "/api/v1/projects/"
    role = "district_officer"

    def prepare_many(self, world):
        _more_projects(world)


class TestProjectScopedToEnterprise(ScopedEndpointTests):
    list_url = "/construction/projects/"
    api_list_url = "/api/v1/projects/"
    role = "enterprise_user"

    list_queries = 4  # an enterprise sees no regions: the district choices cost nothing

    def grant_scope(self, world):
        return {"organisation": world.enterprise_a}

    def prepare_many(self, world):
        _more_projects(world)
