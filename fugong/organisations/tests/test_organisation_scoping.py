from fugong.common.testing import ScopedEndpointTests


class TestOrganisationScoping(ScopedEndpointTests):
    list_url = "/organisations/"
    api_list_url = "/api/v1/organisations/"
    role = "district_officer"
    in_scope_attr, out_of_scope_attr = "enterprise_a", "enterprise_b"
    list_queries = 4  # no choices drawn from the database
