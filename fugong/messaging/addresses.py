"""Where a webhook may point: https to a public address only.

Checked when a channel is saved (a clear error for the person entering it) and again
when a message is sent, on the address the name resolves to then (DNS may change), and
the connection goes to that checked address. `OUTBOX_ALLOW_PRIVATE_HOSTS` (off by
default) admits private and loopback addresses, over plain http too: the tests' fake
robot server on 127.0.0.1, or a receiver on the bureau's own network.
"""

from __future__ import annotations

import ipaddress
import socket
from urllib.parse import urlsplit

from django.conf import settings
from django.utils.translation import gettext as _


class AddressRefused(ValueError):
    pass


def allow_private() -> bool:
    return bool(getattr(settings, "OUTBOX_ALLOW_PRIVATE_HOSTS", False))


def _public(ip: str) -> bool:
    address = ipaddress.ip_address(ip)
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped:
        address = address.ipv4_mapped
    return address.is_global and not address.is_multicast


def resolve(host: str, port: int) -> list[str]:
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError) as exc:
        raise AddressRefused(_("The host name cannot be resolved.")) from exc
    return sorted({info[4][0] for info in infos})


def check_url(url: str, *, resolve_now: bool = True) -> tuple[str, int, list[str]]:
    """(host, port, addresses) of an acceptable webhook URL; AddressRefused otherwise."""
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError as exc:
        raise AddressRefused(_("This is not a valid web address.")) from exc
    host = parts.hostname or ""
    if parts.scheme not in {"https", "http"} or not host:
        raise AddressRefused(_("The address must start with https://."))
    if parts.username or parts.password:
        raise AddressRefused(_("The address must not contain a user name or password."))
    port = port or (443 if parts.scheme == "https" else 80)
    addresses = resolve(host, port) if resolve_now else ([host] if _is_ip(host) else [])
    private = [a for a in addresses if not _public(a)]
    if private and not allow_private():
        raise AddressRefused(_("The address points to a private or local network."))
    if parts.scheme != "https" and not (allow_private() and addresses and private == addresses):
        raise AddressRefused(_("The address must start with https://."))
    return host, port, addresses


def _is_ip(host: str) -> bool:
    try:
        ipaddress.ip_address(host)
    except ValueError:
        return False
    return True
