"""Hook points that apps above construction register into from their AppConfig.ready(),
so that construction never imports them (supervision's stop-work orders use both).

- A *resume guard* `guard(project) -> str | None` returns why the project may not work
  (e.g. a stop-work order in force): filing a commitment and resuming the project are
  refused with that message.
- A *sign notice* provider `provider(project) -> list[SignNotice]` adds notices to the
  public QR site sign (公示牌) while they hold.
- A *project panel* `panel(request, project) -> str` renders a card of the project page
  (supervision: its inspections, open findings, stop-work orders), scoped to the viewer;
  an empty string when the viewer may see none of it.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass

_RESUME_GUARDS: list[Callable] = []
_SIGN_NOTICE_PROVIDERS: list[Callable] = []
_PROJECT_PANELS: list[Callable] = []


@dataclass(frozen=True)
class SignNotice:
    """What the public sign shows: no personal data (the provider masks it)."""

    title: str
    number: str = ""
    text: str = ""
    since: datetime.date | None = None


def register_resume_guard(guard: Callable) -> None:
    if guard not in _RESUME_GUARDS:
        _RESUME_GUARDS.append(guard)


def register_sign_notices(provider: Callable) -> None:
    if provider not in _SIGN_NOTICE_PROVIDERS:
        _SIGN_NOTICE_PROVIDERS.append(provider)


def register_project_panel(panel: Callable) -> None:
    if panel not in _PROJECT_PANELS:
        _PROJECT_PANELS.append(panel)


def resume_refusal(project) -> str | None:
    """The first guard's reason why `project` may not (re)start work, or None."""
    for guard in _RESUME_GUARDS:
        reason = guard(project)
        if reason:
            return str(reason)
    return None


def sign_notices(project) -> list[SignNotice]:
    return [notice for provider in _SIGN_NOTICE_PROVIDERS for notice in provider(project)]


def project_panels(request, project) -> list[str]:
    """The registered panels' HTML for the project page, the empty ones left out."""
    return [html for panel in _PROJECT_PANELS if (html := panel(request, project))]
