"""Rich text of notices, sanitised on save by a strict allow-list (no library is bundled:
see the module tests for what passes).

`sanitise(html)` returns the cleaned HTML and the dangerous things it found (scripts,
event handlers, `javascript:` links, frames…). Services refuse text with dangerous
content outright, so the author sees why; harmless unknown tags (<div>, <font>) are
dropped with their text kept. Plain text (no tags) becomes paragraphs.
"""

from __future__ import annotations

import re
from html import escape
from html.parser import HTMLParser
from urllib.parse import urlsplit

ALLOWED_TAGS = {
    "p", "br", "strong", "b", "em", "i", "u", "s", "ul", "ol", "li", "h2", "h3", "h4",
    "blockquote", "a", "table", "thead", "tbody", "tr", "th", "td", "hr",
}  # fmt: skip
VOID_TAGS = {"br", "hr"}
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
SAFE_SCHEMES = {"http", "https", "mailto", ""}
_TAG = re.compile(r"<[a-zA-Z!/]")


class _Cleaner(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.out: list[str] = []
        self.problems: list[str] = []
        self.open: list[str] = []
        self.skipping = 0  # depth inside a dangerous element

    def handle_starttag(self, tag, attrs):
        if tag in DANGEROUS_TAGS:
            self.problems.append(f"<{tag}>")
            if tag not in VOID_TAGS and tag not in {"link", "meta", "base", "input"}:
                self.skipping += 1
            return
        for name, value in attrs:
            if name.startswith("on"):
                self.problems.append(f"{name}=")
            if name in {"href", "src", "style"} and _unsafe(value or "", name):
                self.problems.append(f"{name}={(value or '')[:30]}")
        if self.skipping or tag not in ALLOWED_TAGS:
            return
        kept = []
        for name, value in attrs:
            if name in ALLOWED_ATTRIBUTES.get(tag, ()) and not _unsafe(value or "", name):
                kept.append(f' {name}="{escape(value or "", quote=True)}"')
        if tag == "a":
            kept.append(' rel="noopener noreferrer nofollow"')
        self.out.append(f"<{tag}{''.join(kept)}>")
        if tag not in VOID_TAGS:
            self.open.append(tag)

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag in self.open and tag not in VOID_TAGS and self.open[-1] == tag:
            self.handle_endtag(tag)

    def handle_endtag(self, tag):
        if tag in DANGEROUS_TAGS:
            self.skipping = max(0, self.skipping - 1)
            return
        if self.skipping or tag not in ALLOWED_TAGS or tag in VOID_TAGS or tag not in self.open:
            return
        while self.open:  # close what was left open inside it
            top = self.open.pop()
            self.out.append(f"</{top}>")
            if top == tag:
                break

    def handle_data(self, data):
        if not self.skipping:
            self.out.append(escape(data, quote=False))

    def handle_comment(self, data):
        pass  # comments can hide conditional markup: dropped

    def result(self) -> str:
        while self.open:
            self.out.append(f"</{self.open.pop()}>")
        return "".join(self.out).strip()


def _unsafe(value: str, name: str) -> bool:
    if name == "style":
        return True  # no inline styles at all (CSP forbids them anyway)
    cleaned = re.sub(r"[\x00-\x20]", "", value).lower()
    scheme = urlsplit(cleaned).scheme if ":" in cleaned.split("/")[0] else ""
    return scheme not in SAFE_SCHEMES


def sanitise(html: str) -> tuple[str, list[str]]:
    """(clean HTML, dangerous things found)."""
    html = html or ""
    if not _TAG.search(html):
        paragraphs = [p.strip() for p in re.split(r"\n\s*\n", html.strip()) if p.strip()]
        return "".join(
            "<p>" + "<br>".join(escape(line) for line in p.splitlines()) + "</p>"
            for p in paragraphs
        ), []
    cleaner = _Cleaner()
    cleaner.feed(html)
    cleaner.close()
    return cleaner.result(), cleaner.problems


def plain_text(html: str) -> str:
    """The text of sanitised HTML, for robots and SMS: block ends become line breaks."""
    text = re.sub(r"<br\s*/?>|</(p|li|h[2-4]|tr|blockquote)>", "\n", html or "")
    text = re.sub(r"<li[^>]*>", "• ", text)
    text = re.sub(r"<[^>]+>", "", text)
    from html import unescape

    return re.sub(r"\n{3,}", "\n\n", unescape(text)).strip()
