"""Seed questionnaire version 1 with the default statement set, so admins can edit it
before the first campaign. (questionnaire_current seeds the same set when a database
has none, for example after a test flush.)"""

from django.db import migrations

from nokkel.surveys.defaults import DEFAULT_NOTE, DEFAULT_STATEMENTS


def seed(apps, schema_editor):
    questionnaire_model = apps.get_model("surveys", "Questionnaire")
    statement_model = apps.get_model("surveys", "Statement")
    if questionnaire_model.objects.exists():
        return
    questionnaire = questionnaire_model.objects.create(
        version=1, note=DEFAULT_NOTE, is_published=True
    )
    statement_model.objects.bulk_create(
        statement_model(
            questionnaire=questionnaire, area=area, position=i, text_en=en, text_nb=nb
        )
        for i, (area, en, nb) in enumerate(DEFAULT_STATEMENTS, start=1)
    )


class Migration(migrations.Migration):
    dependencies = [("surveys", "0001_surveys_campaigns_answers_estimates")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
