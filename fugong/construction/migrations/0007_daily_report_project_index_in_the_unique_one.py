"""The daily report's own index on `project_id` goes: the unique (project, date) index
leads with that column and serves every look-up by project (and the foreign key's checks),
so the second one only cost every report's insert an index write.

Only the index is dropped: AlterField would drop and re-add the foreign key on PostgreSQL
(re-validating every report under a lock) and copy the whole table on SQLite."""

import django.db.models.deletion
from django.db import migrations, models

INDEX = "construction_dailyreport_project_id_3b0651fa"


class Migration(migrations.Migration):
    dependencies = [
        ("construction", "0006_report_day_total"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="dailyreport",
                    name="project",
                    field=models.ForeignKey(
                        db_index=False,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="daily_reports",
                        to="construction.project",
                        verbose_name="project",
                    ),
                ),
            ],
            database_operations=[
                migrations.RunSQL(
                    f'DROP INDEX IF EXISTS "{INDEX}"',
                    reverse_sql=f'CREATE INDEX "{INDEX}" ON "construction_dailyreport" ("project_id")',
                ),
            ],
        ),
    ]
