"""Calendar event texts in Chinese and English: the title, the agent's own wall clock named by
city, the handover notes and the reminder, written in the language active at publishing."""

from __future__ import annotations

import icalendar
import pytest
from calendar_checks import local_shift, small_team

from scheduler import i18n
from scheduler.calendar.publish import agent_ics_bytes, calendars_zip_bytes
from scheduler.domain import Role


def _events(lang: str, agent: str = "mad") -> list[icalendar.Event]:
    team = small_team()
    shifts = (local_shift(team.agent("mad"), "2026-12-01 09:00", 8),
              local_shift(team.agent("sha"), "2026-12-01 12:00", 8),
              local_shift(team.agent("lax"), "2026-12-01 10:00", 6, Role.BACKUP))
    with i18n.use(lang):
        data = agent_ics_bytes(team, shifts, agent)
    return list(icalendar.Calendar.from_ical(data).walk("VEVENT"))


def test_event_text_in_english() -> None:
    event = _events("en")[0]
    assert str(event["SUMMARY"]) == "Primary chat – ES desk"
    text = str(event["DESCRIPTION"])
    assert "Primary chat shift, team Support Desk." in text
    assert "Your time (Madrid): Tue 01 Dec 09:00 CET – Tue 01 Dec 17:00 CET (8 h)" in text
    assert "Take over from: Wei (Shanghai) (ES/EN, primary, Tue 05:00–Tue 13:00)" in text
    assert "Revision 0; re-published rosters update this event in place." in text
    alarm = next(iter(event.walk("VALARM")))
    assert str(alarm["DESCRIPTION"]) == "Primary chat shift starts in 30 min"


def test_event_text_in_chinese() -> None:
    event = _events("zh")[0]
    assert str(event["SUMMARY"]) == "在线值班 – ES 语种组"
    text = str(event["DESCRIPTION"])
    assert "在线值班，团队 Support Desk。" in text
    assert "你的时间（马德里）：12月1日周二 09:00 CET – 12月1日周二 17:00 CET（8 小时）" in text
    assert "接班自：Wei (Shanghai) (ES/EN, 在线, 周二 05:00–周二 13:00)" in text
    assert "交接给：" in text and "升级联系人：duty-lead@example.com" in text
    alarm = next(iter(event.walk("VALARM")))
    assert str(alarm["DESCRIPTION"]) == "在线值班 30 分钟后开始"


@pytest.mark.parametrize(("lang", "title"), [("en", "Support Desk – ES desk"),
                                             ("zh", "Support Desk – ES 语种组")])
def test_calendar_names_follow_the_language(lang: str, title: str) -> None:
    import io
    import zipfile

    team = small_team()
    shifts = (local_shift(team.agent("mad"), "2026-12-01 09:00", 8),)
    with i18n.use(lang):
        data = calendars_zip_bytes(team, shifts)
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        desk = icalendar.Calendar.from_ical(zf.read("desks/es.ics"))
    assert str(desk["X-WR-CALNAME"]) == title
