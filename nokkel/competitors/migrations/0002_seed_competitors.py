from django.db import migrations

KNOWN = [
    ("Posten/Bring", "https://www.bring.no"),
    ("PostNord", "https://www.postnord.no"),
]


def seed(apps, schema_editor):
    Competitor = apps.get_model("competitors", "Competitor")
    for name, website in KNOWN:
        Competitor.objects.get_or_create(name=name, defaults={"website": website})


class Migration(migrations.Migration):
    dependencies = [("competitors", "0001_initial")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
