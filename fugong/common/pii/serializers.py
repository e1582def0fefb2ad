"""API field for personal data: full or masked by the requesting user, validated on input."""

from rest_framework import serializers

from fugong.common.pii.display import show
from fugong.common.pii.kinds import get_kind


class PersonalDataSerializerField(serializers.CharField):
    """`PersonalDataSerializerField(kind="mobile")`.

    Output is masked unless the request's user may see personal data in full (masked
    when the serializer has no request). Input is normalised, then validated, so the API
    gives the same error codes as the forms.
    """

    def __init__(self, *, kind: str, **kwargs):
        self.personal_kind = get_kind(kind).name
        super().__init__(**kwargs)
        self.validators.append(get_kind(kind).validate)

    def to_internal_value(self, data):
        value = super().to_internal_value(data)
        return get_kind(self.personal_kind).normalise(value)

    def to_representation(self, value):
        request = self.context.get("request")
        return show(value, getattr(request, "user", None), kind=self.personal_kind)
