"""Two small SQL helpers that let a whole portfolio come back as one row per account."""

from __future__ import annotations

from typing import Any

from django.db.models import Aggregate, Func, TextField


class TextJoin(Aggregate):
    """The group's texts joined by commas in one value (NULLs left out)."""

    function = "GROUP_CONCAT"
    output_field = TextField()

    def as_postgresql(self, compiler: Any, connection: Any, **extra: Any) -> Any:
        return self.as_sql(
            compiler,
            connection,
            function="STRING_AGG",
            template="%(function)s(%(expressions)s, ',')",
        )


class KeyValue(Func):
    """Key and value as one text, "2026-01-01=340" for a month and its parcels."""

    arg_joiner = " AS TEXT) || '=' || CAST("
    template = "(CAST(%(expressions)s AS TEXT))"
    output_field = TextField()

    def as_sqlite(self, compiler: Any, connection: Any, **extra: Any) -> Any:
        # SQLite keeps dates as text and turns numbers into text by itself: no casts.
        return self.as_sql(
            compiler, connection, template="(%(expressions)s)", arg_joiner=" || '=' || ", **extra
        )


class AsText(Func):
    """A value as text, read without conversion (a JSON list stays a string)."""

    template = "CAST(%(expressions)s AS TEXT)"
    output_field = TextField()
