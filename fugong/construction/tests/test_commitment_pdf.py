"""The commitment letter (PDF) in Chinese: its text is extracted and checked."""

import io
import re

import pytest
from django.test import Client
from pypdf import PdfReader

from fugong.common.testing import login, make_user
from fugong.construction.pdf import FONT_PATH, MISSING, printable
from fugong.construction.tests.commitment_helpers import build_commitment_world, file_commitment


def _text(content: bytes) -> str:
    reader = PdfReader(io.BytesIO(content))
    # CJK text comes out with spaces between the glyphs: compare without any whitespace.
    return re.sub(r"\s+", "", "".join(page.extract_text() for page in reader.pages))


@pytest.fixture
def cw(db):
    return build_commitment_world()


def test_the_letter_has_the_project_every_item_and_the_signature(cw):
    commitment = file_commitment(cw, responsible_person="张喆", signed_name="张喆")
    officer = make_user("officer", "district_officer", region=cw.district_a)
    response = login(Client(), officer).get(f"/construction/commitments/{commitment.pk}/letter.pdf")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    text = _text(response.content)
    assert "东海大道" in text
    for item in cw.template.items.all():
        assert re.sub(r"\s+", "", item.text) in text, item.text
    assert re.sub(r"\s+", "", cw.template.statement) in text
    assert "甲建设公司" in text and "解放区住建局" in text
    assert "139****0301" in text and "13939100301" not in text  # masked for the officer
    # 喆 is not in the embedded subset: it prints as □ instead of failing.
    assert f"张{MISSING}" in text


def test_the_letter_is_scoped(cw):
    commitment = file_commitment(cw)
    client = login(Client(), cw.site_manager_b)
    assert client.get(f"/construction/commitments/{commitment.pk}/letter.pdf").status_code == 404


def test_characters_outside_the_font_are_replaced():
    assert printable("东海大道 ABC") == "东海大道 ABC"
    assert printable("𠀀喆") == MISSING * 2


def test_the_embedded_font_is_small_and_licensed():
    assert FONT_PATH.stat().st_size < 5 * 1024 * 1024
    assert (FONT_PATH.parent / "OFL.txt").exists()
