"""The staff directory's order (name, then staff ID) as an index: a page is read from it
rather than every person being sorted (and their account dates looked up) first."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("org", "0008_supervision_session_removal"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="staffmember",
            index=models.Index(fields=["full_name", "staff_id"], name="staff_name_order"),
        ),
    ]
