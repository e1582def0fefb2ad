from fugong.common.testing import ScopedEndpointTests, make_user


class TestUserScoping(ScopedEndpointTests):
    """Users are seen through the organisation they work for and its seat."""

    list_url = "/accounts/users/"
    api_list_url = "/api/v1/users/"
    role = "bureau_admin"

    def prepare(self, world):
        world.user_a = make_user("staff-of-a", member_of=world.enterprise_a)
        world.user_b = make_user("staff-of-b", member_of=world.enterprise_b)

    in_scope_attr, out_of_scope_attr = "user_a", "user_b"
    list_queries = 5  # two-factor device, no filter choices

    def prepare_many(self, world):
        for i in range(5):
            make_user(f"more-staff-{i}", member_of=world.enterprise_a, phone=f"1391234000{i}")

    def text_of(self, obj):
        return obj.username


class TestRoleGrantScoping(ScopedEndpointTests):
    """Grants have no list page of their own (they show on the user); API only."""

    list_url = ""
    api_list_url = "/api/v1/grants/"
    role = "bureau_admin"

    def prepare(self, world):
        from fugong.accounts.models import Role
        from fugong.accounts.services import grant_role

        person = make_user("person")
        cadre = Role.objects.get(code="cadre")
        world.grant_a = grant_role(actor=None, user=person, role=cadre, region=world.community_a)
        world.grant_b = grant_role(actor=None, user=person, role=cadre, region=world.community_b)

    in_scope_attr, out_of_scope_attr = "grant_a", "grant_b"
