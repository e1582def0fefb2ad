"""People and files the notice tests share."""

import io

from django.core.files.uploadedfile import SimpleUploadedFile

from fugong.common.testing import build_world, make_user

TINY_PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def png_bytes() -> bytes:
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (4, 4), "red").save(buffer, "PNG")
    return buffer.getvalue()


def upload(name: str, content: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content)


class People:
    def __init__(self):
        self.world = w = build_world()
        self.admin = make_user("admin", "bureau_admin", region=w.city)
        self.district_a = make_user("district-a", "district_officer", region=w.district_a)
        self.district_b = make_user("district-b", "district_officer", region=w.district_b)
        self.cadre_a = make_user("cadre-a", "cadre", region=w.community_a)
        self.cadre_b = make_user("cadre-b", "cadre", region=w.community_b)
        self.worker_a = make_user("worker-a", "community_worker", region=w.subdistrict_a)
        self.site_a = make_user(
            "site-a", "enterprise_user", organisation=w.enterprise_a, member_of=w.enterprise_a
        )
