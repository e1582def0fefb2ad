import pytest

pytest_plugins = ["fugong.common.tests.browser"]


@pytest.fixture(autouse=True)
def _english_free_cache(settings, tmp_path):
    """Each test gets a fresh local-memory cache (rate limits, lockouts) and media dir."""
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": str(tmp_path),
        }
    }
    settings.MEDIA_ROOT = tmp_path / "media"
    from django.core.cache import cache

    cache.clear()
