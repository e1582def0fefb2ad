import django_tables2 as tables

from fugong.accounts.models import User


class UserTable(tables.Table):
    username = tables.Column(linkify=("accounts:user_detail", [tables.A("pk")]))

    class Meta:
        model = User
        fields = (
            "username",
            "full_name",
            "organisation",
            "phone",
            "is_party_member",
            "is_active",
            "last_login",
        )
        attrs = {"class": "table table-sm table-hover align-middle"}
