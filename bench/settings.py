"""`fugong.settings` with one work-around, used by the bench only when `collectstatic`
fails under the production settings (bench/README.md, "Known issues"): the vendored
Bootstrap files end in `sourceMappingURL` comments naming .map files that are not
shipped, and the manifest storage refuses to post-process them."""

from fugong.settings import *  # noqa: F403
from fugong.settings import STORAGES

STORAGES = {**STORAGES, "staticfiles": {"BACKEND": "bench.storage.NoSourceMapsStorage"}}
