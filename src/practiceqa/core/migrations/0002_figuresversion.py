from django.db import migrations, models


def one_row(apps, schema_editor):
    apps.get_model("core", "FiguresVersion").objects.using(schema_editor.connection.alias).create(
        pk=1, token=0
    )


class Migration(migrations.Migration):
    dependencies = [("core", "0001_initial")]

    operations = [
        migrations.CreateModel(
            name="FiguresVersion",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("token", models.BigIntegerField(default=0)),
            ],
        ),
        # The triggers that change the token are made after every migrate
        # (core.kept_figures.after_migrate), once every table they watch exists.
        migrations.RunPython(one_row, migrations.RunPython.noop),
    ]
