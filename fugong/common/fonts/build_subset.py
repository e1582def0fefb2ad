"""Rebuild NotoSansSC-Subset.ttf, the font the commitment letter (PDF) embeds.

    python fugong/common/fonts/build_subset.py <NotoSansCJK-Regular.ttc> [more text files…]

The source is Noto Sans CJK SC Regular (SIL Open Font License 1.1, see OFL.txt), e.g. the
``NotoSansCJK-Regular.ttc`` of Debian's ``fonts-noto-cjk`` package (face 2 is SC). The
subset keeps printable ASCII, Latin-1, the GB2312 character set (its 6,763 hanzi and its
punctuation and symbols), every character of the project's own sources (templates, demo
data, the Chinese catalogue; not the tests) and of any further text files named. The rest
is left out to keep the repository small; the PDF prints a missing character as a
placeholder instead of failing. Needs fontTools (installed with fpdf2).

The cubic (CFF) outlines are converted to quadratic TrueType ones: fpdf2 then writes the
font with the standard Identity-H encoding, which every PDF reader (and text extraction,
search, copy and paste) understands.
"""

from __future__ import annotations

import sys
from pathlib import Path

from fontTools import subset
from fontTools.pens.cu2quPen import Cu2QuPen
from fontTools.pens.ttGlyphPen import TTGlyphPen
from fontTools.ttLib import TTFont, newTable

HERE = Path(__file__).resolve().parent
PACKAGE = HERE.parents[1]
TARGET = HERE / "NotoSansSC-Subset.ttf"
SC_FACE = 2  # NotoSansCJK-Regular.ttc: JP, KR, SC, TC, HK…


def gb2312() -> set[str]:
    chars = set()
    for high in range(0xA1, 0xF8):
        for low in range(0xA1, 0xFF):
            try:
                chars.add(bytes([high, low]).decode("gb2312"))
            except UnicodeDecodeError:
                continue
    return chars


def source_text(extra: list[Path]) -> set[str]:
    chars = set()
    patterns = ("**/*.py", "**/*.html", "**/*.po", "**/*.txt", "**/*.md")
    files = [
        p
        for pattern in patterns
        for p in PACKAGE.glob(pattern)
        if "static" not in p.parts and "tests" not in p.parts
    ]
    for path in [*files, *extra]:
        chars |= set(path.read_text(encoding="utf-8", errors="ignore"))
    return {c for c in chars if ord(c) >= 0x2000}


def build(source: Path, extra: list[Path]) -> None:
    text = {chr(c) for c in range(0x20, 0x7F)} | {chr(c) for c in range(0xA0, 0x100)}
    text |= gb2312() | source_text(extra) | set("　、。·—…‘’“”〈〉《》「」『』【】〔〕￥×÷")
    font = TTFont(source, fontNumber=SC_FACE)
    options = subset.Options()
    options.layout_features = []  # fpdf2 draws from the cmap: no alternates needed
    options.drop_tables += ["vhea", "vmtx", "VORG", "BASE"]
    options.name_IDs = ["*"]
    options.name_languages = ["*"]
    options.notdef_outline = True
    options.hinting = False
    options.desubroutinize = False
    subsetter = subset.Subsetter(options)
    subsetter.populate(text="".join(sorted(text)))
    subsetter.subset(font)
    for record in font["name"].names:
        if record.nameID in (1, 4):
            record.string = "Noto Sans SC Subset"
        elif record.nameID == 6:
            record.string = "NotoSansSC-Subset"
    to_truetype(font)
    font.save(TARGET)
    print(f"{TARGET.name}: {len(font.getGlyphOrder())} glyphs, {TARGET.stat().st_size:,} bytes")


def to_truetype(font: TTFont, max_error: float = 1.0) -> None:
    """Replace the CFF table by glyf/loca with the same glyphs (cu2qu)."""
    order = font.getGlyphOrder()
    glyph_set = font.getGlyphSet()
    glyf = newTable("glyf")
    glyf.glyphOrder, glyf.glyphs = order, {}
    for name in order:
        pen = TTGlyphPen(glyph_set)
        glyph_set[name].draw(Cu2QuPen(pen, max_error, reverse_direction=True))
        glyf[name] = pen.glyph()
    font["glyf"], font["loca"] = glyf, newTable("loca")
    maxp = font["maxp"]
    maxp.tableVersion = 0x00010000
    for attr in (
        "maxTwilightPoints",
        "maxStorage",
        "maxFunctionDefs",
        "maxInstructionDefs",
        "maxStackElements",
        "maxSizeOfInstructions",
        "maxComponentElements",
    ):
        setattr(maxp, attr, 0)
    maxp.maxZones = 1
    post = font["post"]
    post.formatType, post.extraNames, post.mapping = 2.0, [], {}
    del font["CFF "]
    font.sfntVersion = "\x00\x01\x00\x00"
    font["head"].glyphDataFormat = 0


if __name__ == "__main__":
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    build(Path(sys.argv[1]), [Path(p) for p in sys.argv[2:]])
