"""Calendar publishing: RFC 5545 files per agent, team and language desk, with stable UIDs.

``export_calendars`` is the entry point; ``identity`` documents what "the same shift" means.
"""

from scheduler.calendar.identity import EventRecord, PublishReport, PublishState, view_uid
from scheduler.calendar.publish import (
    ExportSummary,
    agent_file_name,
    agent_ics_bytes,
    calendars_zip_bytes,
    export_calendars,
)

__all__ = [
    "EventRecord",
    "PublishReport",
    "PublishState",
    "view_uid",
    "ExportSummary",
    "agent_file_name",
    "agent_ics_bytes",
    "calendars_zip_bytes",
    "export_calendars",
]
