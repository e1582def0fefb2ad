"""`fugong worker`: run the background tasks (django-tasks' database worker, `db_worker`).

Keep one running beside the web server (systemd, supervisord, a container); it takes
queued tasks from the database (reminders of missing daily reports, …) and runs them.
Options are db_worker's: `--batch` runs what is queued and exits (for cron), `--interval`
sets the polling interval, `--queue-name`, `--max-tasks`. It stops cleanly on SIGTERM.
"""

from django_tasks_db.management.commands.db_worker import Command as DatabaseWorker


class Command(DatabaseWorker):
    help = (
        "Run the background tasks queued in the database (django-tasks' db_worker): "
        "reminders of missing daily reports and the like. Keep one running beside the web "
        "server; --batch runs what is queued and exits."
    )
