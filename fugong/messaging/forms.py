"""Forms of messaging: they validate input; the services decide and save."""

from django import forms
from django.utils.translation import gettext_lazy as _

from fugong.accounts.choices import RoleCode
from fugong.common.forms import ScopedModelForm
from fugong.messaging.choices import ChannelKind
from fugong.messaging.models import Channel, Notice
from fugong.messaging.uploads import ATTACHMENT_MAX_BYTES


class NoticeForm(ScopedModelForm):
    audience_roles = forms.MultipleChoiceField(
        label=_("audience roles"),
        choices=RoleCode.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("None ticked: every role."),
    )

    class Meta:
        model = Notice
        fields = [
            "kind",
            "title",
            "body",
            "region",
            "organisation",
            "audience_roles",
            "audience_regions",
            "audience_organisations",
            "requires_ack",
            "is_public",
        ]
        widgets = {"body": forms.Textarea(attrs={"rows": 10})}
        help_texts = {
            "body": _(
                "Plain text (blank lines make paragraphs) or simple HTML: paragraphs, bold, "
                "italics, lists, headings, links, tables. Scripts and styles are refused."
            ),
            "region": _("The jurisdiction the notice is issued for (the audience if none below)."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["audience_roles"].widget.attrs["class"] = "form-check-input"
        for name in ("audience_regions", "audience_organisations"):
            self.fields[name].widget.attrs["size"] = 6
        if self.instance.pk:
            self.fields["audience_roles"].initial = self.instance.audience_roles


class WithdrawForm(forms.Form):
    reason = forms.CharField(
        label=_("reason for withdrawal"),
        max_length=300,
        widget=forms.TextInput(attrs={"class": "form-control"}),
    )


class AttachmentForm(forms.Form):
    file = forms.FileField(
        label=_("attachment"),
        help_text=_("PDF, JPG, PNG or WebP, at most %(mb)s MB.")
        % {"mb": ATTACHMENT_MAX_BYTES // (1024 * 1024)},
        widget=forms.ClearableFileInput(
            attrs={"class": "form-control", "accept": ".pdf,.jpg,.jpeg,.png,.webp"}
        ),
    )


class ChannelPickForm(forms.Form):
    channels = forms.ModelMultipleChoiceField(
        label=_("send to groups"),
        queryset=Channel.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple(attrs={"class": "form-check-input"}),
    )

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["channels"].queryset = Channel.objects.visible_to(
            user, "messaging.broadcast_notice"
        ).filter(is_active=True)


class ChannelForm(ScopedModelForm):
    address = forms.CharField(
        label=_("address"),
        required=False,
        help_text=_(
            "The robot's webhook address (https://…), or mobile numbers for SMS. "
            "Left blank when editing: unchanged."
        ),
    )
    secret = forms.CharField(
        label=_("signing secret"),
        required=False,
        widget=forms.PasswordInput(render_value=False),
        help_text=_("DingTalk: the SEC… secret of 加签. Left blank when editing: unchanged."),
    )

    class Meta:
        model = Channel
        fields = ["name", "kind", "region", "organisation", "rate_per_minute", "is_active"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = ChannelKind.choices
        if self.instance.pk:
            for name in ("kind", "region", "organisation"):
                self.fields[name].disabled = True
        else:
            self.fields["address"].required = True
