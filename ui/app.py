"""Page registry of the roster app: ``streamlit run ui/app.py``.

Only wiring lives here: page list, session start (the bundled sample team, or
``$ROSTER_TEAM_DIR``), the page menu and the sidebar status. Each page is a thin ``render()`` in
``ui/pages``. The menu is drawn by ``widgets.page_menu`` instead of Streamlit's page links so
that leaving a page never discards an edit still on its way (see there).
"""

from __future__ import annotations

import streamlit as st

from ui import state, widgets

PAGES = [
    st.Page("pages/team.py", title="Team & agents", icon=":material/groups:", default=True),
    st.Page("pages/rules.py", title="Rules & weights", icon=":material/rule:"),
    st.Page("pages/demand.py", title="Demand & peaks", icon=":material/monitoring:"),
    st.Page("pages/solve.py", title="Solve & roster", icon=":material/event_note:"),
    st.Page("pages/scenarios.py", title="Scenarios & what-if", icon=":material/compare_arrows:"),
]

st.set_page_config(page_title="Roster optimizer", page_icon=":material/calendar_month:",
                   layout="wide")
state.ensure_started()
navigation = st.navigation(PAGES, position="hidden")
widgets.page_menu(PAGES, navigation)
widgets.sidebar_status()
navigation.run()
