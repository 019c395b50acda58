"""Shapes of the competitors API."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from nokkel.competitors.models import Competitor
from nokkel.competitors.services import COMPETITOR_FIELDS


class CompetitorInputSerializer(serializers.ModelSerializer):
    class Meta:
        model = Competitor
        fields = COMPETITOR_FIELDS


class CompetitorOutputSerializer(serializers.ModelSerializer):
    lost_count = serializers.IntegerField(
        read_only=True, help_text=_("Opportunities lost to them that the caller may see.")
    )

    class Meta:
        model = Competitor
        fields = ("id", *COMPETITOR_FIELDS, "lost_count")
