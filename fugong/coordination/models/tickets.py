"""Coordination tickets (协调事项): an enterprise's practical problem for the bureau to solve."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from fugong.common.models import EvidenceModel, EvidenceQuerySet, ScopedModel, TimelineEvent
from fugong.common.scoping import Scope, permission_name
from fugong.construction.models.projects import PROJECT_SCOPE
from fugong.coordination.choices import (
    DeadlineUnit,
    RouteTarget,
    TicketCategory,
    TicketEventKind,
    TicketStatus,
)

# Department officers are granted on a region (the city), yet must see only what is routed
# to their own department: membership (`user.organisation`) is that link, as it is for a
# commitment's receiving authority. Holders of this permission see, and handle, the
# tickets routed to the organisation they work for, on top of what their grants cover.
ROUTED_PERMISSION = "coordination.handle_routed_ticket"
HANDLE_PERMISSION = "coordination.handle_ticket"
OPEN_STATUSES = (TicketStatus.OPEN, TicketStatus.IN_PROGRESS, TicketStatus.REOPENED)


def routed_clause_applies(user, model, action: str) -> bool:
    perm = permission_name(model, action)
    return (
        perm in (permission_name(model, "view"), HANDLE_PERMISSION)
        and bool(getattr(user, "organisation_id", None))
        and user.is_authenticated
        and user.has_perm(ROUTED_PERMISSION)
    )


class TicketQuerySet(EvidenceQuerySet):
    def visible_to(self, user, action: str = "view"):
        granted = super().visible_to(user, action)
        if user is None or not routed_clause_applies(user, self.model, action):
            return granted
        return granted | self.filter(department_id=user.organisation_id)

    def overdue(self, now=None):
        return self.filter(status__in=OPEN_STATUSES, due_at__lt=now or timezone.now())


class TicketRoute(ScopedModel):
    """Where a category goes and how fast it must be solved (the bureau admin edits it)."""

    scope = Scope(everywhere=True)

    category = models.CharField(
        _("category"), max_length=24, choices=TicketCategory.choices, unique=True
    )
    target = models.CharField(_("send to"), max_length=24, choices=RouteTarget.choices)
    department = models.ForeignKey(
        "organisations.Organisation",
        verbose_name=_("city department"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("Required when sending to a city department."),
    )
    deadline_value = models.PositiveIntegerField(_("deadline"), default=3)
    deadline_unit = models.CharField(
        _("unit"), max_length=8, choices=DeadlineUnit.choices, default=DeadlineUnit.DAYS
    )
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("ticket route")
        verbose_name_plural = _("ticket routes")
        ordering = ["category"]

    def __str__(self):
        return str(self.get_category_display())

    def get_absolute_url(self):
        return reverse("coordination:route_edit", args=[self.pk])

    @property
    def deadline_display(self) -> str:
        return f"{self.deadline_value} {self.get_deadline_unit_display()}"


class Ticket(EvidenceModel):
    """A coordination ticket (协调事项)."""

    scope = Scope(region="project__region", organisations=(*PROJECT_SCOPE, "department"))

    project = models.ForeignKey(
        "construction.Project",
        verbose_name=_("project"),
        on_delete=models.PROTECT,
        related_name="tickets",
    )
    enterprise = models.ForeignKey(
        "organisations.Organisation",
        verbose_name=_("raising enterprise"),
        on_delete=models.PROTECT,
        related_name="raised_tickets",
    )
    category = models.CharField(
        _("category"), max_length=24, choices=TicketCategory.choices, db_index=True
    )
    title = models.CharField(_("problem"), max_length=120)
    description = models.TextField(_("details"), max_length=2000, blank=True)
    raised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("raised by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    department = models.ForeignKey(
        "organisations.Organisation",
        verbose_name=_("department"),
        on_delete=models.PROTECT,
        related_name="routed_tickets",
    )
    route = models.ForeignKey(
        TicketRoute,
        verbose_name=_("route"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    due_at = models.DateTimeField(_("due by"), db_index=True)
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("assigned to"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="assigned_tickets",
    )
    status = models.CharField(
        _("status"),
        max_length=16,
        choices=TicketStatus.choices,
        default=TicketStatus.OPEN,
        editable=False,
        db_index=True,
    )
    resolution = models.TextField(_("resolution"), blank=True)
    resolved_at = models.DateTimeField(_("resolved at"), null=True, blank=True, editable=False)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("resolved by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    confirmed_at = models.DateTimeField(_("confirmed at"), null=True, blank=True, editable=False)
    rating = models.PositiveSmallIntegerField(_("rating"), null=True, blank=True)
    rating_comment = models.CharField(_("comment on the rating"), max_length=500, blank=True)
    reopen_count = models.PositiveSmallIntegerField(_("times reopened"), default=0)
    # The form's one-time key: a double-submitted form raises one ticket, not two.
    submission_key = models.CharField(max_length=40, blank=True, editable=False)

    objects = models.Manager.from_queryset(TicketQuerySet)()

    class Meta:
        verbose_name = _("coordination ticket")
        verbose_name_plural = _("coordination tickets")
        ordering = ["-created_at", "-id"]
        permissions = [
            ("handle_ticket", _("Can handle coordination tickets in the jurisdiction")),
            ("handle_routed_ticket", _("Can handle coordination tickets routed to own department")),
            ("confirm_ticket", _("Can confirm, rate or reopen the enterprise's tickets")),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["submission_key"],
                condition=~Q(submission_key=""),
                name="ticket_submission_once",
                violation_error_code="duplicate",
            ),
            models.CheckConstraint(
                condition=Q(rating__isnull=True) | Q(rating__gte=1, rating__lte=5),
                name="ticket_rating_1_to_5",
            ),
        ]

    def __str__(self):
        return f"{self.reference} {self.title}"

    def get_absolute_url(self):
        return reverse("coordination:ticket_detail", args=[self.pk])

    @property
    def reference(self) -> str:
        """XT-20200215-12: the day it was raised and its id, for the phone call."""
        day = timezone.localtime(self.created_at) if self.created_at else timezone.localtime()
        return f"XT-{day:%Y%m%d}-{self.pk}"

    @property
    def is_overdue(self) -> bool:
        return (
            self.status in OPEN_STATUSES
            and self.due_at is not None
            and (self.due_at < timezone.now())
        )


class TicketEvent(TimelineEvent):
    """The ticket's timeline: raised, routed, assigned, started, resolved, reopened, confirmed."""

    scope = Scope(
        region="ticket__project__region",
        organisations=(*(f"ticket__{s}" for s in PROJECT_SCOPE), "ticket__department"),
    )

    ticket = models.ForeignKey(
        Ticket, verbose_name=_("ticket"), on_delete=models.PROTECT, related_name="events"
    )
    time = models.DateTimeField(_("time"), auto_now_add=True)
    kind = models.CharField(_("event"), max_length=16, choices=TicketEventKind.choices)

    class Meta:
        verbose_name = _("ticket event")
        verbose_name_plural = _("ticket events")
        ordering = ["time", "id"]

    def __str__(self):
        return str(self.get_kind_display())
