"""Attachments of notices: PDF, JPG, PNG (and WebP), recognised by their content."""

from __future__ import annotations

import os

from django.utils.translation import gettext as _

ATTACHMENT_MAX_BYTES = 10 * 1024 * 1024
ATTACHMENTS_PER_NOTICE = 10
_TYPES = {
    ".pdf": ("application/pdf", (b"%PDF-",)),
    ".jpg": ("image/jpeg", (b"\xff\xd8\xff",)),
    ".jpeg": ("image/jpeg", (b"\xff\xd8\xff",)),
    ".png": ("image/png", (b"\x89PNG\r\n\x1a\n",)),
    ".webp": ("image/webp", (b"RIFF",)),
}


def attachment_check(file) -> tuple[str | None, str]:
    """(error or None, content type). The name's extension, the leading bytes and, for
    images, a full decode by Pillow must agree; a renamed executable is refused."""
    name = getattr(file, "name", "") or ""
    known = _TYPES.get(os.path.splitext(name)[1].lower())
    if known is None or not hasattr(file, "read"):
        return _("Attach a PDF, JPG, PNG or WebP file."), ""
    content_type, signatures = known
    if (getattr(file, "size", None) or 0) > ATTACHMENT_MAX_BYTES:
        return _("The file is larger than 10 MB."), ""
    file.seek(0)
    head = file.read(16)
    file.seek(0)
    if not any(head.startswith(s) for s in signatures) or (
        content_type == "image/webp" and head[8:12] != b"WEBP"
    ):
        return _("The file's content is not the PDF or image its name says."), ""
    if content_type.startswith("image/"):
        from PIL import Image

        try:
            with Image.open(file) as image:
                image.verify()
        except Exception:  # noqa: BLE001 - any decoder failure means "not an image"
            return _("The image cannot be read."), ""
        finally:
            file.seek(0)
    elif b"%%EOF" not in _tail(file):
        return _("The PDF is incomplete or damaged."), ""
    return None, content_type


def _tail(file, n: int = 2048) -> bytes:
    size = getattr(file, "size", None) or 0
    file.seek(max(0, size - n))
    data = file.read(n)
    file.seek(0)
    return data
