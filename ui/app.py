"""Page registry of the roster app: ``streamlit run ui/app.py``.

Only wiring lives here: the language picker, the sign-in gate when the app is shared
(``ui.login``), page list, session start (this tab's working copy, the bundled sample team, or
``$ROSTER_TEAM_DIR``), the page menu and the sidebar status. Each page is a thin ``render()`` in
``ui/pages``. The menu is drawn by ``widgets.page_menu`` instead of Streamlit's page links so
that leaving a page never discards an edit still on its way (see there). The page icon is a
file served by the app itself: a Material icon would be fetched from Google's font servers,
which fails offline. Page titles are built on every run, in the language picked.
"""

from __future__ import annotations

from pathlib import Path

import streamlit as st

from scheduler.i18n import _
from ui import login, state, widgets

ICON = Path(__file__).resolve().parent / "static" / "icon.svg"


def pages() -> list[st.Page]:
    return [
        st.Page("pages/team.py", title=_("Team & agents"), icon=":material/groups:",
                default=True),
        st.Page("pages/rules.py", title=_("Rules & weights"), icon=":material/rule:"),
        st.Page("pages/demand.py", title=_("Demand & peaks"), icon=":material/monitoring:"),
        st.Page("pages/solve.py", title=_("Solve & roster"), icon=":material/event_note:"),
        st.Page("pages/scenarios.py", title=_("Scenarios & what-if"),
                icon=":material/compare_arrows:"),
    ]


st.set_page_config(page_title=_("Roster optimizer"), page_icon=str(ICON), layout="wide")
widgets.language_picker()
if login.gate():
    state.ensure_started()
    registered = pages()
    navigation = st.navigation(registered, position="hidden")
    widgets.page_menu(registered, navigation)
    widgets.sidebar_status()
    login.sign_out_button()
    navigation.run()
