import django_filters
from django import forms
from django.db.models import Q

from fugong.common.scoping import ScopedQuerySet


class ScopedFilterSet(django_filters.FilterSet):
    """Filter choices (regions, organisations…) offer only what the user may see."""

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        request = kwargs.get("request")
        user = user or getattr(request, "user", None)
        for f in self.filters.values():
            qs = getattr(f, "queryset", None)
            if user is not None and isinstance(qs, ScopedQuerySet):
                f.queryset = qs.visible_to(user)
        for field in self.form.fields.values():
            is_select = isinstance(field.widget, forms.Select)
            css = "form-select form-select-sm" if is_select else "form-control form-control-sm"
            css += " js-filter"  # the list page's htmx triggers listen on these
            field.widget.attrs.setdefault("class", css)
            if getattr(field.widget, "input_type", None) == "text":
                field.widget.input_type = "search"


def search_q(fields, value) -> Q:
    q = Q()
    for f in fields:
        q |= Q(**{f"{f}__icontains": value})
    return q
