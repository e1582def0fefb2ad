import django_tables2 as tables

from fugong.organisations.models import Organisation


class OrganisationTable(tables.Table):
    name = tables.Column(linkify=True)

    class Meta:
        model = Organisation
        fields = ("name", "kind", "field", "enterprise_role", "credit_code", "region", "parent")
        attrs = {"class": "table table-sm table-hover align-middle"}
