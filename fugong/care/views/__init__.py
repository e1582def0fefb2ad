"""Pages of community care."""

from fugong.common.errors import FugongError


def apply_errors(form, exc: FugongError) -> None:
    for name, message in exc.fields.items():
        form.add_error(name if name in form.fields else None, str(message))
    if not exc.fields or any(name not in form.fields for name in exc.fields):
        form.add_error(None, str(exc.message))


def posted_version(request):
    version = request.POST.get("version")
    return int(version) if (version or "").isdigit() else None


class ActionMixin:
    """POST one operation; a refusal re-renders the detail page with the form's errors."""

    detail_view = None
    operation = ""

    def refuse(self, request, pk, form_name, form):
        view = self.detail_view()
        view.setup(request, pk=pk)
        view.object = view.get_object()
        ctx = view.get_context_data(object=view.object, **{form_name: form})
        return view.render_to_response(ctx, status=400)
