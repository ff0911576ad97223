"""The app in Chinese and English (AppTest): the picker, its default, every main page, a solve,
an explanation of an infeasible week, and a rejected edit, each in both languages."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from streamlit.testing.v1 import AppTest

from scheduler import i18n
from scheduler.i18n import _
from tests.ui.conftest import solve_in_app

PAGES = [("pages/team.py", "Team & agents", "团队与客服"),
         ("pages/rules.py", "Rules & weights", "规则与权重"),
         ("pages/demand.py", "Demand & peaks", "需求与高峰"),
         ("pages/solve.py", "Solve & roster", "排班"),
         ("pages/scenarios.py", "Scenarios & what-if", "方案与假设分析")]


def shown(at: AppTest) -> str:
    """Every text element a manager reads on the page drawn."""
    parts = [e.value for e in (*at.title, *at.subheader, *at.error, *at.success, *at.info,
                               *at.warning, *at.markdown, *at.caption)]
    parts += [w.label for w in (*at.button, *at.expander, *at.selectbox, *at.radio,
                                *at.metric, *at.text_input, *at.number_input)]
    return "\n".join(str(p) for p in parts)


def pick(at: AppTest, lang: str) -> AppTest:
    """Choose a language in the sidebar of a freshly opened app. (The sidebar is drawn by
    app.py; AppTest runs only the page script after its first run, so pick first.)"""
    return at.radio(key="language_picker").set_value(lang).run()


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize(("page", "en_title", "zh_title"), PAGES,
                         ids=[p[0].split("/")[1][:-3] for p in PAGES])
def test_every_main_page_in_both_languages(app: Callable[[str], AppTest], lang: str, page: str,
                                           en_title: str, zh_title: str) -> None:
    at = app("small_team")
    if lang == "en":
        menu = [b.label for b in at.button if str(b.key).startswith("nav_")]
        assert menu == [en for _page, en, _zh in PAGES]
    at = pick(at, lang)
    at.switch_page(page).run()
    assert not at.exception, at.exception
    assert at.title[0].value == (zh_title if lang == "zh" else en_title)
    text = shown(at)
    if lang == "zh":  # the page speaks Chinese, also where it names the team's week
        assert "客服" in text or "排班" in text
        assert "周一" in text or "11月30日" in text
        assert "Team & agents" not in text and "Solve & roster" not in text
    else:
        assert "客服" not in text and "Mon 30 Nov" in text


def test_default_language_comes_from_roster_lang(app: Callable[[str], AppTest],
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ROSTER_LANG", "zh")
    at = app("small_team")
    assert at.title[0].value == "团队与客服"
    assert at.radio(key="language_picker").value == "zh"
    monkeypatch.setenv("ROSTER_LANG", "en")
    monkeypatch.setenv("LANG", "zh_CN.UTF-8")  # ROSTER_LANG outranks the locale
    assert app("small_team").title[0].value == "Team & agents"


def test_the_choice_sticks_across_pages(app: Callable[[str], AppTest],
                                        monkeypatch: pytest.MonkeyPatch) -> None:
    at = pick(app("small_team"), "zh")
    for page, _en, zh_title in PAGES:
        at.switch_page(page).run()
        assert at.title[0].value == zh_title
    monkeypatch.setenv("ROSTER_LANG", "zh")  # the menu of a session opened in Chinese
    menu = [b.label for b in app("small_team").button if str(b.key).startswith("nav_")]
    assert menu == [zh for _page, _en, zh in PAGES]


def test_a_solve_reports_in_the_language_picked(app: Callable[[str], AppTest]) -> None:
    """The background solve speaks the page's language: headline, KPI cards, downloads."""
    at = pick(app("small_team"), "zh")
    solve_in_app(at, seconds=4)
    assert at.success[0].value.startswith("排班完成——第 1 次排班：")
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["24/7 全天候在线"] in ("是", "否")
    assert metrics["未覆盖人时"].endswith(" 小时") and metrics["成本"].startswith("¥")
    assert "预测服务水平" in metrics
    downloads = {d.proto.label for d in at.get("download_button")}
    assert {"排班 CSV", "排班 Excel（.xlsx）", "全部日历（.zip）"} <= downloads
    at.session_state["language"] = "en"  # what picking English stores: the same result, read
    at.run()                             # again in English
    assert at.success[0].value.startswith("Roster ready — solve #1: ")


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_an_infeasible_week_is_explained_in_the_language_picked(
        app: Callable[[str], AppTest], lang: str) -> None:
    at = pick(app("infeasible_team"), lang)
    solve_in_app(at, seconds=6)
    errors = "\n".join(e.value for e in at.error)
    markdown = "\n".join(m.value for m in at.markdown)
    with i18n.use(lang):
        assert _("No roster can satisfy every hard rule. What clashes:") in errors
        assert _("24/7 minimum online") in markdown
    if lang == "zh":
        assert "没有任何人能在线" in markdown or "只有" in markdown


@pytest.mark.parametrize(("lang", "where"), [
    ("en", "agents table, row 3, field 'timezone'"),
    ("zh", "客服表，第 3 行，字段“timezone”"),
])
def test_a_rejected_edit_is_named_in_the_language_picked(app: Callable[[str], AppTest],
                                                         lang: str, where: str) -> None:
    at = pick(app("small_team"), lang)
    key = f"agents__{at.session_state['editor_generation']}"
    at.session_state[key] = {"edited_rows": {2: {"timezone": "Mars/Olympus"}},
                             "added_rows": [], "deleted_rows": []}
    at.run()
    assert where in at.error[0].value and "Mars/Olympus" in at.error[0].value
