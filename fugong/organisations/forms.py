from fugong.common.forms import ScopedModelForm
from fugong.organisations.models import Organisation


class OrganisationForm(ScopedModelForm):
    class Meta:
        model = Organisation
        fields = [
            "parent",
            "kind",
            "name",
            "short_name",
            "region",
            "field",
            "enterprise_role",
            "credit_code",
            "contact_person",
            "address",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            for name in ("parent", "kind", "region"):
                self.fields[name].disabled = True
