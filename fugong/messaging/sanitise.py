"""Rich text of notices, sanitised on save by a strict allow-list.

`sanitise(html)` returns the cleaned HTML and the dangerous things it found (scripts,
event handlers, `javascript:` links, frames…). Services refuse text with dangerous
content outright, so the author sees why; harmless unknown tags (<div>, <font>) are
dropped with their text kept. Plain text (no tags) becomes paragraphs.

The cleaning is nh3's (the Python binding of the Rust crate ammonia: an HTML5 parser as
browsers parse, so malformed or nested markup cannot smuggle anything past it); finding
what to report is a scan of the tags and attributes with the standard library's parser.
"""

from __future__ import annotations

import re
from html import escape
from html.parser import HTMLParser
from urllib.parse import urlsplit

import nh3

ALLOWED_TAGS = {
    "p", "br", "strong", "b", "em", "i", "u", "s", "ul", "ol", "li", "h2", "h3", "h4",
    "blockquote", "a", "table", "thead", "tbody", "tr", "th", "td", "hr",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "th": {"colspan", "rowspan"},
    "td": {"colspan", "rowspan"},
}
# Elements whose content is code or a foreign document: dropped whole, and reported.
DANGEROUS_TAGS = {
    "script", "style", "iframe", "frame", "frameset", "object", "embed", "applet", "link",
    "meta", "base", "form", "input", "button", "textarea", "select", "svg", "math", "template",
}  # fmt: skip
SAFE_SCHEMES = {"http", "https", "mailto"}
_TAG = re.compile(r"<[a-zA-Z!/]")


class _Inspector(HTMLParser):
    """Collects what makes a text dangerous; the output is nh3's."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.problems: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag in DANGEROUS_TAGS:
            self.problems.append(f"<{tag}>")
        for name, value in attrs:
            if name.startswith("on"):
                self.problems.append(f"{name}=")
            if name in {"href", "src", "style"} and _unsafe(value or "", name):
                self.problems.append(f"{name}={(value or '')[:30]}")


def _unsafe(value: str, name: str) -> bool:
    if name == "style":
        return True  # no inline styles at all (CSP forbids them anyway)
    cleaned = re.sub(r"[\x00-\x20]", "", value).lower()
    scheme = urlsplit(cleaned).scheme if ":" in cleaned.split("/")[0] else ""
    return scheme not in SAFE_SCHEMES | {""}


def sanitise(html: str) -> tuple[str, list[str]]:
    """(clean HTML, dangerous things found)."""
    html = html or ""
    if not _TAG.search(html):
        paragraphs = [p.strip() for p in re.split(r"\n\s*\n", html.strip()) if p.strip()]
        return "".join(
            "<p>" + "<br>".join(escape(line) for line in p.splitlines()) + "</p>"
            for p in paragraphs
        ), []
    inspector = _Inspector()
    inspector.feed(html)
    inspector.close()
    clean = nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        clean_content_tags=DANGEROUS_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=SAFE_SCHEMES,
        link_rel="noopener noreferrer nofollow",
        strip_comments=True,
    )
    return clean.strip(), inspector.problems


def plain_text(html: str) -> str:
    """The text of sanitised HTML, for robots and SMS: block ends become line breaks."""
    text = re.sub(r"<br\s*/?>|</(p|li|h[2-4]|tr|blockquote)>", "\n", html or "")
    text = re.sub(r"<li[^>]*>", "• ", text)
    text = re.sub(r"<[^>]+>", "", text)
    from html import unescape

    return re.sub(r"\n{3,}", "\n\n", unescape(text)).strip()
