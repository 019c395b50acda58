"""The quick-log parser: one line of free text into a structured interaction.

Pure functions over plain values (no Django, no clock: the reference date is an argument).
The caller looks accounts up with `account_search_terms`, then calls `parse_quick_log`
with the few candidates and their contacts.
"""

from nokkel.activities.quicklog.matching import account_search_terms
from nokkel.activities.quicklog.parser import parse_quick_log
from nokkel.activities.quicklog.values import (
    AccountRef,
    ContactRef,
    FollowUp,
    Question,
    QuickLogParse,
)

__all__ = [
    "AccountRef",
    "ContactRef",
    "FollowUp",
    "Question",
    "QuickLogParse",
    "account_search_terms",
    "parse_quick_log",
]
