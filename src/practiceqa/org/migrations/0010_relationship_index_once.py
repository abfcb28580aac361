"""A relationship's kind, junior and start are indexed once, by their unique constraint: the
plain index on the same columns, in the same order, served no query the constraint's index
does not, and was kept up on every write of a relationship."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("org", "0009_staff_name_order"),
    ]

    operations = [
        migrations.RemoveIndex(
            model_name="relationship",
            name="org_relatio_kind_cbf802_idx",
        ),
    ]
