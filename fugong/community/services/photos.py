"""Duty photos from phones: only real images within limits, re-encoded as JPEG so that no
EXIF (GPS position, phone model) and no hidden payload is kept."""

from __future__ import annotations

import io

from django.core.files.base import ContentFile
from django.utils.translation import gettext as _

from fugong.common.errors import FugongError

MAX_PHOTO_BYTES = 8 * 1024 * 1024
MAX_PIXELS = 40_000_000  # a 48 MP phone photo is ~ 8000×6000; larger is a decompression bomb
LONG_SIDE = 1600
ACCEPTED_FORMATS = {"JPEG", "PNG", "WEBP", "MPO"}


def _refuse(message) -> FugongError:
    return FugongError(message, code="photo", fields={"photo": message})


def clean_photo(uploaded) -> ContentFile:
    """A JPEG of at most LONG_SIDE pixels from an uploaded image, or FugongError."""
    from PIL import Image, ImageOps, UnidentifiedImageError

    if uploaded.size > MAX_PHOTO_BYTES:
        raise _refuse(
            _("The photo is too large: at most %(mb)d MB.") % {"mb": MAX_PHOTO_BYTES // 1024**2}
        )
    data = uploaded.read()
    try:
        with Image.open(io.BytesIO(data)) as probe:
            kind = probe.format
            width, height = probe.size
            if kind not in ACCEPTED_FORMATS:
                raise _refuse(_("Only JPEG, PNG or WebP photos are accepted."))
            if width * height > MAX_PIXELS:
                raise _refuse(_("The photo has too many pixels."))
            probe.verify()
        with Image.open(io.BytesIO(data)) as image:
            image = ImageOps.exif_transpose(image).convert("RGB")
            image.thumbnail((LONG_SIDE, LONG_SIDE))
            out = io.BytesIO()
            image.save(out, "JPEG", quality=82, optimize=True)
    except FugongError:
        raise
    except (UnidentifiedImageError, OSError, ValueError, Image.DecompressionBombError):
        raise _refuse(_("This file is not a photo that can be read.")) from None
    return ContentFile(out.getvalue(), name="photo.jpg")
