import pytest

from fugong.messaging.tests.helpers import People


@pytest.fixture
def people(db, settings):
    settings.OUTBOX_ALLOW_PRIVATE_HOSTS = True
    return People()
