"""Page registry of the roster app: ``streamlit run ui/app.py``.

Only wiring lives here: the sign-in gate when the app is shared (``ui.login``), page list,
session start (this tab's working copy, the bundled sample team, or ``$ROSTER_TEAM_DIR``), the
page menu and the sidebar status. Each page is a thin ``render()`` in ``ui/pages``. The menu is
drawn by ``widgets.page_menu`` instead of Streamlit's page links so that leaving a page never
discards an edit still on its way (see there). The page icon is a file served by the app
itself: a Material icon would be fetched from Google's font servers, which fails offline.
"""

from __future__ import annotations

from pathlib import Path

import streamlit as st

from ui import login, state, widgets

ICON = Path(__file__).resolve().parent / "static" / "icon.svg"
PAGES = [
    st.Page("pages/team.py", title="Team & agents", icon=":material/groups:", default=True),
    st.Page("pages/rules.py", title="Rules & weights", icon=":material/rule:"),
    st.Page("pages/demand.py", title="Demand & peaks", icon=":material/monitoring:"),
    st.Page("pages/solve.py", title="Solve & roster", icon=":material/event_note:"),
    st.Page("pages/scenarios.py", title="Scenarios & what-if", icon=":material/compare_arrows:"),
]

st.set_page_config(page_title="Roster optimizer", page_icon=str(ICON), layout="wide")
if login.gate():
    state.ensure_started()
    navigation = st.navigation(PAGES, position="hidden")
    widgets.page_menu(PAGES, navigation)
    widgets.sidebar_status()
    login.sign_out_button()
    navigation.run()
