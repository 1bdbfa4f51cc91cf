"""One agency per licence number.

Before the constraint, every licence number already stored is normalised the way the services now keep it
(accounts.models.normalise_licence_number: blanks trimmed and collapsed, capitals). Agencies that then share a
number cannot all be right, and which one holds the licence is for the ministry to decide, not a migration: the
agency registered first keeps the number as it is; each later one keeps its number with " DUPLICATE-<its id>"
added, so nothing is lost, no agency loses its standing overnight, the constraint can be created, and the mark
shows on the agency pages until the ministry records the right number. Each one marked is printed.
"""

import django.db.models.functions.text
from django.db import migrations, models

MAX_LENGTH = 60


def _normalise(value):
    return " ".join((value or "").split()).upper()


def normalise_and_mark_duplicates(apps, schema_editor):
    Organisation = apps.get_model("accounts", "Organisation")
    holders = {}
    for org in Organisation.objects.exclude(licence_number="").order_by("pk"):
        number = _normalise(org.licence_number)
        if org.kind == "agency" and number:
            if number in holders:
                suffix = f" DUPLICATE-{org.pk}"
                marked = number[:MAX_LENGTH - len(suffix)] + suffix
                print(f"\n  Agency {org.pk} ({org.name}) shared licence number {number!r} with agency "
                      f"{holders[number]}: kept as {marked!r} for the ministry to correct.")
                number = marked
            else:
                holders[number] = org.pk
        if number != org.licence_number:
            org.licence_number = number
            org.save(update_fields=["licence_number"])


class Migration(migrations.Migration):

    dependencies = [
        ('accounts', '0003_user_language'),
        ('reference', '0004_province_mef_code_district_commune_village'),
    ]

    operations = [
        migrations.RunPython(normalise_and_mark_duplicates, migrations.RunPython.noop),
        migrations.AddConstraint(
            model_name='organisation',
            constraint=models.UniqueConstraint(django.db.models.functions.text.Upper(django.db.models.functions.text.Trim('licence_number')), condition=models.Q(('kind', 'agency'), models.Q(('licence_number', ''), _negated=True)), name='accounts_one_agency_per_licence_number', violation_error_message='Another agency already holds this licence number.'),
        ),
    ]
