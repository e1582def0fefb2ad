from fugong.common.forms import ScopedModelForm
from fugong.construction.models import Project
from fugong.regions.choices import RegionLevel


class ProjectForm(ScopedModelForm):
    class Meta:
        model = Project
        fields = [
            "name",
            "kind",
            "is_city_key",
            "region",
            "address",
            "builder",
            "contractor",
            "supervisor",
            "contract_value",
            "responsible_person",
            "responsible_phone",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["region"].queryset = self.fields["region"].queryset.filter(
            level=RegionLevel.DISTRICT
        )
