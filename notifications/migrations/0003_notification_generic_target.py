"""A notification is about a generic target (type, id, label; its page in `link`), not a demand letter.

The rows that pointed at a letter keep pointing at it: target = the letter's content type and id, label = its
reference, link = its page (the link already stored, else the letter's URL); then (0004, in a transaction of its own,
as PostgreSQL wants no table change after deferred-constraint updates) the foreign key goes, so notifications
depend on no domain app. Reversible: targets that are letters move back into the key.
"""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models
from django.urls import NoReverseMatch, reverse


def _letter_link(pk):
    try:
        return reverse("demand_detail", kwargs={"letter_id": pk})
    except NoReverseMatch:  # the page was renamed since: the path it had when this migration was written
        return f"/demand/{pk}/"


def letter_to_target(apps, schema_editor):
    Notification = apps.get_model("notifications", "Notification")
    ContentType = apps.get_model("contenttypes", "ContentType")
    DemandLetter = apps.get_model("demand", "DemandLetter")
    rows = Notification.objects.using(schema_editor.connection.alias).filter(letter__isnull=False)
    if not rows.exists():
        return
    letter_type, _created = ContentType.objects.using(schema_editor.connection.alias).get_or_create(
        app_label="demand", model="demandletter")
    references = dict(DemandLetter.objects.using(schema_editor.connection.alias)
                      .filter(pk__in=rows.values("letter_id")).values_list("pk", "reference"))
    batch = []
    for n in rows.only("pk", "letter_id", "link").iterator(chunk_size=2000):
        n.target_type_id = letter_type.pk
        n.target_id = str(n.letter_id)
        n.target_label = references.get(n.letter_id, "")[:255]
        n.link = n.link or _letter_link(n.letter_id)
        batch.append(n)
        if len(batch) >= 2000:
            Notification.objects.bulk_update(batch, ["target_type", "target_id", "target_label", "link"])
            batch = []
    if batch:
        Notification.objects.bulk_update(batch, ["target_type", "target_id", "target_label", "link"])


def target_to_letter(apps, schema_editor):
    Notification = apps.get_model("notifications", "Notification")
    ContentType = apps.get_model("contenttypes", "ContentType")
    DemandLetter = apps.get_model("demand", "DemandLetter")
    letter_type = ContentType.objects.using(schema_editor.connection.alias).filter(
        app_label="demand", model="demandletter").first()
    if letter_type is None:
        return
    rows = Notification.objects.using(schema_editor.connection.alias).filter(target_type_id=letter_type.pk)
    existing = {str(pk) for pk in DemandLetter.objects.using(schema_editor.connection.alias)
                .filter(pk__in=[int(i) for i in rows.values_list("target_id", flat=True) if i.isdigit()])
                .values_list("pk", flat=True)}
    for n in rows.only("pk", "target_id").iterator(chunk_size=2000):
        if n.target_id in existing:
            rows.filter(pk=n.pk).update(letter_id=int(n.target_id))
    _constraints_now(schema_editor)


def _constraints_now(schema_editor):
    """Check the deferred foreign keys now: PostgreSQL alters no table with trigger events pending."""
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("SET CONSTRAINTS ALL IMMEDIATE")


class Migration(migrations.Migration):

    dependencies = [
        ('contenttypes', '0002_remove_content_type_name'),
        ('notifications', '0002_delivery_requeues'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name='notification',
            name='target_id',
            field=models.CharField(blank=True, max_length=40, verbose_name='about (id)'),
        ),
        migrations.AddField(
            model_name='notification',
            name='target_label',
            field=models.CharField(blank=True, max_length=255, verbose_name='about'),
        ),
        migrations.AddField(
            model_name='notification',
            name='target_type',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='contenttypes.contenttype', verbose_name='about (type)'),
        ),
        migrations.RunPython(letter_to_target, target_to_letter),
    ]
