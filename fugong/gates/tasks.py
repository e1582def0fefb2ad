"""Background work of gates (django-tasks, run by `fugong worker`): the daily retention
purge. Scheduled through messaging's reminder registry (see setup.py), also enqueued by
`fugong purge_passages --enqueue` and run directly by `fugong purge_passages`."""

from django_tasks import task


@task()
def purge_expired_personal_data() -> dict:
    from fugong.gates.services.retention import purge_expired

    return purge_expired().counts


def purge_when_due(now):
    """The reminder rule's collect: enqueue the purge; it sends nobody a message."""
    purge_expired_personal_data.enqueue()
    return []
