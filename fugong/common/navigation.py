"""The navigation menu as data: each app registers its entries with the permission they
need, and the menu shows a user exactly the entries their roles grant."""

from dataclasses import dataclass

from django.urls import reverse


@dataclass(frozen=True)
class NavItem:
    section: str
    label: str
    url_name: str
    permission: str
    order: int = 100


_ITEMS: list[NavItem] = []


def register(*items: NavItem) -> None:
    for item in items:
        if item not in _ITEMS:
            _ITEMS.append(item)


def items_for(user) -> list[dict]:
    if not user.is_authenticated:
        return []
    sections: dict[str, list] = {}
    for item in sorted(_ITEMS, key=lambda i: i.order):
        if user.has_perm(item.permission):
            sections.setdefault(str(item.section), []).append(
                {"label": item.label, "url": reverse(item.url_name), "name": item.url_name}
            )
    return [{"section": name, "items": entries} for name, entries in sections.items()]
