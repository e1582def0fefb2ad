"""Reminders on schedules (定时提醒): the registry domain apps put their rules into.

A domain app registers each rule from its ``AppConfig.ready()``; messaging imports no
domain app, the rule brings its own query::

    from fugong.messaging.reminders import Reminding, daily_at, every, register_reminder

    def overdue_rectifications(now):
        for notice in RectificationNotice.objects.overdue(now):      # the domain's rule
            yield Reminding(
                recipients=[notice.project.responsible_user, *notice.inspectors()],
                title=gettext("Rectification of %(p)s is overdue") % {"p": notice.project},
                body=…, link=notice.get_absolute_url(),
                key=f"rectification-overdue:{notice.pk}:{now.date()}",
                group="overdue",
            )

    register_reminder(
        "supervision.rectification_overdue",      # unique, "<app>.<rule>"
        collect=overdue_rectifications,           # now -> iterable of Reminding
        schedule=every(minutes=30),               # or daily_at(time(16, 0)) / a callable
        label=_("Rectification deadline passed"),
    )

How it runs: `fugong worker` calls `run_due_reminders()` on every round. A rule is due
when its `next_run_at` (table ReminderRun) has passed; the worker claims it with a short
lease (two workers never run one rule at once), calls ``collect(now)`` outside any
translation override (wrap texts in ``gettext``: they are rendered in the bureau's
language, ``settings.LANGUAGE_CODE``), and delivers each Reminding:

- to each recipient's in-app inbox through ``notify(key=…)`` — once per key and person,
  so a rule may run as often as it likes and a restart repeats nothing;
- and, when ``channels`` is given, to those group channels through the outbox (key
  ``f"{key}:{channel.pk}"``), in the same transaction.

Keys decide how often a person hears of something: put the day in the key for a daily
nag ("report-missing:{project}:{date}"), the deadline for a one-off
("ticket-overdue:{ticket}:{deadline}"). Recipients come from the domain's rules (the
enterprise's contacts, the inspectors, the cadre on duty…), never from messaging.
A rule that raises is logged with its error on its ReminderRun row and retried at its
next time; the other rules still run. `run_reminder(name, now=…)` runs one rule at
once (commands such as `fugong send_reminders`, tests), whether due or not.

Schedules: ``every(minutes=n)``; ``daily_at(time)`` or ``daily_at(callable)`` where the
callable returns the local time (read each time, so a setting such as the report
deadline can change); or any ``callable(last_run, now) -> next datetime``.
"""

from __future__ import annotations

import datetime
import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import override

from fugong.messaging.models import ReminderRun

logger = logging.getLogger("fugong.messaging.reminders")
LEASE = datetime.timedelta(minutes=10)


@dataclass
class Reminding:
    """One reminder to some people (and maybe groups) about one thing."""

    recipients: Iterable
    title: str
    key: str
    body: str = ""
    link: str = ""
    kind: str = "reminder"
    group: str = "reminders"  # what the run's result counts it under
    channels: Iterable = field(default_factory=tuple)


Schedule = Callable[[datetime.datetime | None, datetime.datetime], datetime.datetime]


@dataclass(frozen=True)
class ReminderRule:
    name: str
    collect: Callable[[datetime.datetime], Iterable[Reminding]]
    schedule: Schedule
    label: str = ""


_RULES: dict[str, ReminderRule] = {}


def register_reminder(name: str, *, collect, schedule: Schedule, label: str = "") -> None:
    """Add (or replace, on a reload) the rule `name`; see the module docstring."""
    _RULES[name] = ReminderRule(name, collect, schedule, label)


def registered() -> dict[str, ReminderRule]:
    return dict(_RULES)


def every(*, minutes: int) -> Schedule:
    def schedule(last_run, now):
        return now + datetime.timedelta(minutes=minutes)

    return schedule


def daily_at(at: datetime.time | Callable[[], datetime.time]) -> Schedule:
    """Each day at a local time (a time, or a callable returning it)."""

    def schedule(last_run, now):
        when = at() if callable(at) else at
        local = timezone.localtime(now)
        candidate = timezone.make_aware(datetime.datetime.combine(local.date(), when))
        if candidate <= now:
            candidate += datetime.timedelta(days=1)
        return candidate

    return schedule


def deliver(remindings: Iterable[Reminding]) -> dict[str, int]:
    """Send each Reminding (in-app, and its channels through the outbox); counts by group."""
    from fugong.messaging.services import notify
    from fugong.messaging.services.outbox import outbox_enqueue

    counts: dict[str, int] = {}
    for item in remindings:
        with transaction.atomic():
            sent = notify(
                recipients=item.recipients,
                kind=item.kind,
                title=item.title,
                body=item.body,
                link=item.link,
                key=item.key,
            )
            for channel in item.channels:
                text = f"{item.title}\n{item.body}".strip()
                outbox_enqueue(
                    channel=channel, text=text, key=f"{item.key}:{channel.pk}", source=item.key
                )
        counts[item.group] = counts.get(item.group, 0) + sent
    return counts


def run_reminder(name: str, *, now=None) -> dict[str, int]:
    """Run one rule now, whatever its schedule; returns the counts by group."""
    rule = _RULES[name]
    now = now or timezone.now()
    with override(settings.LANGUAGE_CODE):
        return deliver(rule.collect(now))


def run_due_reminders(*, now=None) -> dict[str, dict]:
    """Run every rule that is due (called by the worker on each round)."""
    now = now or timezone.now()
    results = {}
    for name, rule in sorted(_RULES.items()):
        run, _created = ReminderRun.objects.get_or_create(
            name=name, defaults={"next_run_at": rule.schedule(None, now)}
        )
        if run.next_run_at and run.next_run_at > now:
            continue
        claimed = (
            ReminderRun.objects.filter(pk=run.pk)
            .filter(models_q_free(now))
            .update(running_until=now + LEASE)
        )
        if not claimed:
            continue
        result, error = {}, ""
        try:
            result = run_reminder(name, now=now)
        except Exception as exc:  # noqa: BLE001 - one broken rule must not stop the others
            logger.exception("reminder %s failed", name)
            error = f"{type(exc).__name__}: {exc}"[:500]
        ReminderRun.objects.filter(pk=run.pk).update(
            last_run_at=now,
            next_run_at=rule.schedule(now, now),
            running_until=None,
            last_result=result,
            last_error=error,
        )
        results[name] = result
    return results


def models_q_free(now):
    from django.db.models import Q

    return Q(running_until__isnull=True) | Q(running_until__lt=now)
