"""`fugong worker`: the background worker — the outbox, the reminders, and the queued
tasks of django-tasks' database backend (`db_worker`), in one process.

Keep one (or more) running beside the web server under systemd, supervisord or a
container. On every round it: delivers the due outbox messages (WeCom/DingTalk robots,
webhooks, SMS) with leases, retries and rate limits (see `fugong.messaging.delivery`);
runs the reminders that are due (see `fugong.messaging.reminders`); and takes one queued
task (reminder runs ordered by `fugong send_reminders`, large imports…). It sleeps
`--interval` seconds when a round found nothing. `--batch` works off what is due and
exits (for cron or tests); `--no-tasks` leaves django-tasks to another worker (or when
TASKS_BACKEND=immediate). SIGTERM/SIGINT let the current step finish; a SIGKILL loses
nothing: the outbox reconciles on the next start.
"""

import time

from django.db import close_old_connections
from django_tasks import task_backends
from django_tasks_db.backend import DatabaseBackend
from django_tasks_db.management.commands.db_worker import Command as DatabaseWorkerCommand
from django_tasks_db.management.commands.db_worker import Worker
from django_tasks_db.models import DBTaskResult
from django_tasks_db.utils import exclusive_transaction

from fugong.messaging.delivery import deliver_batch
from fugong.messaging.reminders import run_due_reminders


class FugongWorker(Worker):
    def __init__(self, *, tasks: bool, outbox_batch: int, **kwargs):
        super().__init__(**kwargs)
        self.tasks = tasks
        self.outbox_batch = outbox_batch

    def take_task(self) -> bool:
        if not self.tasks:
            return False
        ready = DBTaskResult.objects.ready().filter(backend_name=self.backend_name)
        if not self.process_all_queues:
            ready = ready.filter(queue_name__in=self.queue_names)
        with exclusive_transaction(ready.db):
            result = ready.get_locked()
            if result is not None:
                result.claim(self.worker_id)
        if result is None:
            return False
        self.run_task(result)
        return True

    def round(self) -> bool:
        """One pass over the three kinds of work; True when something was done."""
        self.running_task = True
        try:
            delivered = deliver_batch(worker=self.worker_id, limit=self.outbox_batch)
            reminded = run_due_reminders()
        finally:
            self.running_task = False
        ran = self.take_task()
        return bool(delivered or reminded or ran)

    def run(self) -> None:
        while self.running:
            busy = self.round()
            if self.batch and not busy:
                return
            if self.max_tasks is not None and self._run_tasks >= self.max_tasks:
                return
            close_old_connections()
            if self.running and not busy:
                time.sleep(self.interval)


class Command(DatabaseWorkerCommand):
    help = (
        "Run the background worker: deliver the outbox (group robots, webhooks, SMS) with "
        "retries and rate limits, run due reminders, and run queued tasks (django-tasks' "
        "database backend). Keep one running beside the web server; --batch works off what "
        "is due and exits."
    )

    def add_arguments(self, parser):
        super().add_arguments(parser)
        for action in parser._actions:
            if action.dest == "backend_name":
                action.type = str  # validated below: an immediate backend just runs no tasks
        parser.add_argument("--no-tasks", action="store_true", help="leave queued tasks alone")
        parser.add_argument(
            "--outbox-batch", type=int, default=20, help="outbox messages claimed per round"
        )

    def handle(self, *, verbosity, queue_name, interval, batch, backend_name, startup_delay,
               reload, max_tasks, worker_id, no_tasks=False, outbox_batch=20, **options):  # fmt: skip
        self.configure_logging(verbosity)
        tasks = not no_tasks and isinstance(task_backends[backend_name], DatabaseBackend)
        worker = FugongWorker(
            tasks=tasks,
            outbox_batch=outbox_batch,
            queue_names=queue_name.split(","),
            interval=interval,
            batch=batch,
            backend_name=backend_name,
            startup_delay=startup_delay,
            max_tasks=max_tasks,
            worker_id=worker_id,
        )
        worker.configure_signals()
        worker.run()
