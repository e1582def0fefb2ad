"""The production static storage minus source-map rewriting (see bench/settings.py)."""

from django.contrib.staticfiles.storage import HashedFilesMixin
from whitenoise.storage import CompressedManifestStaticFilesStorage


def _pattern_text(pattern) -> str:
    return pattern[0] if isinstance(pattern, tuple) else pattern


class NoSourceMapsStorage(CompressedManifestStaticFilesStorage):
    """Hashes, compresses and writes the manifest like production, but leaves
    `sourceMappingURL` comments alone, so a vendored file that names a .map file that is
    not shipped does not stop `collectstatic`."""

    patterns = tuple(
        (extension, tuple(p for p in patterns if "sourceMappingURL" not in _pattern_text(p)))
        for extension, patterns in HashedFilesMixin.patterns
    )
