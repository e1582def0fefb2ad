"""The Simplified Chinese catalogue is complete, consistent with its sources, and compiled.

Pure Python: a small .po parser here, ``gettext.GNUTranslations`` for the .mo. No database.
"""

import gettext
import re
import shutil
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from django.utils import translation

PACKAGE = Path(__file__).resolve().parents[2]
# The project's catalogue and one per app that keeps its own (`fugong/<app>/locale`): an
# app's strings live beside its code, so apps built side by side never edit one file.
CATALOGUES = sorted(
    path.parent
    for path in [
        PACKAGE / "locale/zh_Hans/LC_MESSAGES/django.po",
        *PACKAGE.glob("*/locale/zh_Hans/LC_MESSAGES/django.po"),
    ]
    if path.exists()
)

# %(name)s, %(n)d …, and bare %s / %d / %i / %f; "%%" is a literal percent sign, not a placeholder.
PLACEHOLDER = re.compile(r"%%|%\([A-Za-z_][A-Za-z0-9_]*\)[#0 +-]*\d*(?:\.\d+)?[sdifr]|%[sdifr]")
ESCAPES = {"n": "\n", "t": "\t", '"': '"', "\\": "\\", "r": "\r"}


@dataclass
class Entry:
    msgid: str = ""
    msgid_plural: str | None = None
    msgctxt: str | None = None
    msgstr: dict[int, str] = field(default_factory=dict)
    flags: set[str] = field(default_factory=set)
    line: int = 0

    @property
    def is_header(self) -> bool:
        return self.msgid == "" and self.msgctxt is None

    @property
    def key(self) -> str:
        """The key the .mo stores: context + EOT + msgid (a plural form adds its index)."""
        return self.msgid if self.msgctxt is None else f"{self.msgctxt}\x04{self.msgid}"


def _unquote(text: str, lineno: int) -> str:
    text = text.strip()
    if len(text) < 2 or text[0] != '"' or text[-1] != '"':
        raise ValueError(f"line {lineno}: expected a quoted string, got {text!r}")
    body, out, i = text[1:-1], [], 0
    while i < len(body):
        char = body[i]
        if char == "\\":
            i += 1
            if i >= len(body) or body[i] not in ESCAPES:
                raise ValueError(f"line {lineno}: bad escape in {text!r}")
            out.append(ESCAPES[body[i]])
        else:
            out.append(char)
        i += 1
    return "".join(out)


def parse_po(text: str) -> list[Entry]:
    """Parse a .po file: msgctxt, msgid, msgid_plural, msgstr / msgstr[n], continuation
    lines and ``#,`` flags. Obsolete ``#~`` entries and other comments are skipped."""
    entries: list[Entry] = []
    current: Entry | None = None
    pending_flags: set[str] = set()
    target: tuple[str, int | None] | None = None  # which field continuation lines extend

    def finish():
        nonlocal current
        if current is not None:
            entries.append(current)
        current = None

    for lineno, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if not line:
            continue
        keyword, _, rest = line.partition(" ")
        # A comment or a new msgctxt/msgid after a msgstr starts the next entry.
        if (line.startswith("#") or keyword in ("msgctxt", "msgid")) and current and current.msgstr:
            finish()
        if line.startswith("#"):
            if line.startswith("#,"):
                pending_flags |= {f.strip() for f in line[2:].split(",") if f.strip()}
            continue  # references, translator comments, obsolete "#~" entries
        if line.startswith('"'):
            if current is None or target is None:
                raise ValueError(f"line {lineno}: continuation line outside an entry")
            name, index = target
            value = _unquote(line, lineno)
            if name == "msgstr":
                current.msgstr[index] += value
            else:
                setattr(current, name, getattr(current, name) + value)
            continue
        if current is None:
            if keyword not in ("msgctxt", "msgid"):
                raise ValueError(f"line {lineno}: {keyword} before msgid")
            current = Entry(flags=pending_flags, line=lineno)
            pending_flags = set()
        value = _unquote(rest, lineno)
        match = re.fullmatch(r"msgstr\[(\d+)\]", keyword)
        if keyword in ("msgctxt", "msgid", "msgid_plural"):
            setattr(current, keyword, value)
            target = (keyword, None)
        elif keyword == "msgstr" or match:
            index = int(match.group(1)) if match else 0
            current.msgstr[index] = value
            target = ("msgstr", index)
        else:
            raise ValueError(f"line {lineno}: unknown keyword {keyword!r}")
    finish()
    return entries


def placeholders(text: str) -> list[str]:
    return sorted(p for p in PLACEHOLDER.findall(text) if p != "%%")


@pytest.fixture(scope="module", params=CATALOGUES, ids=lambda p: p.parts[-4])
def catalogue(request) -> Path:
    return request.param


@pytest.fixture(scope="module")
def entries(catalogue) -> list[Entry]:
    return parse_po((catalogue / "django.po").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def messages(entries) -> list[Entry]:
    return [e for e in entries if not e.is_header]


def test_parser_handles_the_po_syntax_we_rely_on():
    sample = (
        '#, fuzzy\nmsgid ""\nmsgstr ""\n"Language: zh_Hans\\n"\n\n'
        '#: a.py:1\n#, python-format\nmsgid ""\n"Long %(a)s "\n"text \\"quoted\\"\\n"\n'
        'msgstr "长文本 %(a)s"\n\n'
        'msgctxt "region level"\nmsgid "Building"\nmsgstr "楼栋"\n\n'
        'msgid "%(n)s record"\nmsgid_plural "%(n)s records"\nmsgstr[0] "%(n)s 条"\n'
        '"记录"\n\n#~ msgid "Gone"\n#~ msgstr "已删"\n'
    )
    header, long, building, plural = parse_po(sample)
    assert header.is_header and header.flags == {"fuzzy"}
    assert header.msgstr[0] == "Language: zh_Hans\n"
    assert long.msgid == 'Long %(a)s text "quoted"\n' and long.flags == {"python-format"}
    assert building.msgctxt == "region level" and building.key == "region level\x04Building"
    assert plural.msgid_plural == "%(n)s records" and plural.msgstr == {0: "%(n)s 条记录"}


def test_header_declares_chinese_utf8_and_one_plural_form(entries):
    header = entries[0]
    assert header.is_header
    text = header.msgstr[0]
    assert "Project-Id-Version: Fugong" in text
    assert "Language: zh_Hans\n" in text
    assert "Content-Type: text/plain; charset=UTF-8\n" in text
    assert "Plural-Forms: nplurals=1; plural=0;\n" in text


def test_catalogue_is_not_empty_and_has_no_duplicates(messages):
    assert len(messages) > 10
    keys = [(e.msgctxt, e.msgid) for e in messages]
    assert len(keys) == len(set(keys))


def test_no_fuzzy_entries(entries):
    fuzzy = [e.msgid for e in entries if "fuzzy" in e.flags]
    assert fuzzy == []


def test_every_entry_is_translated(messages):
    untranslated = [e.msgid for e in messages if not e.msgstr or not all(e.msgstr.values())]
    assert untranslated == []


def test_plural_entries_fill_the_single_chinese_form(messages):
    for entry in (e for e in messages if e.msgid_plural is not None):
        assert sorted(entry.msgstr) == [0], entry.msgid


def test_placeholders_are_kept(messages):
    wrong = []
    for entry in messages:
        sources = {tuple(placeholders(entry.msgid))}
        if entry.msgid_plural is not None:
            sources.add(tuple(placeholders(entry.msgid_plural)))
        for translated in entry.msgstr.values():
            if tuple(placeholders(translated)) not in sources:
                wrong.append((entry.msgid, translated))
    assert wrong == []


def test_mo_is_compiled_from_the_current_po(catalogue, messages):
    with (catalogue / "django.mo").open("rb") as handle:
        catalog = gettext.GNUTranslations(handle)._catalog
    stale = []
    for entry in messages:
        if entry.msgid_plural is None:
            if catalog.get(entry.key) != entry.msgstr[0]:
                stale.append(entry.msgid)
        else:
            for index, translated in entry.msgstr.items():
                if catalog.get((entry.key, index)) != translated:
                    stale.append(entry.msgid)
    assert stale == [], "run: fugong compilemessages -l zh_Hans"


def test_django_serves_the_translation():
    with translation.override("zh-hans"):
        assert translation.gettext("Log in") == "登录"
        assert (
            translation.ngettext("%(counter)s record", "%(counter)s records", 3) % {"counter": 3}
            == "共 3 条记录"
        )
    with translation.override("en"):
        assert translation.gettext("Log in") == "Log in"


@pytest.mark.skipif(shutil.which("xgettext") is None, reason="needs GNU gettext (xgettext)")
def test_every_string_of_the_sources_is_in_a_catalogue(tmp_path, monkeypatch):
    """Extract the sources again (makemessages on a copy of the tree) and find every
    message translated: a string added to the code without its translation fails here,
    not in front of a user."""
    from django.core.management import call_command

    copy = tmp_path / "fugong"
    shutil.copytree(
        PACKAGE,
        copy,
        ignore=shutil.ignore_patterns("__pycache__", "static", "*.mo", "tests", "fonts"),
    )
    monkeypatch.chdir(copy)
    call_command("makemessages", locale=["zh_Hans"], no_obsolete=True, verbosity=0)
    missing = []
    for po in sorted(copy.glob("**/locale/zh_Hans/LC_MESSAGES/django.po")):
        for entry in parse_po(po.read_text(encoding="utf-8")):
            if entry.is_header:
                continue
            if not entry.msgstr or not all(entry.msgstr.values()) or "fuzzy" in entry.flags:
                missing.append(f"{po.relative_to(copy)}: {entry.msgid!r}")
    assert missing == [], "run `make messages` and translate:\n" + "\n".join(missing)
