import pytest

from fugong.gates.throttle import resident_throttle


@pytest.fixture(autouse=True)
def _fresh_tap_throttle():
    """Each test starts with no taps counted (the throttle lives in process memory)."""
    resident_throttle.reset()
    yield
    resident_throttle.reset()
