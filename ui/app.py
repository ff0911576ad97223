"""Page registry of the roster app: ``streamlit run ui/app.py``.

Only wiring lives here: page list, session start (the bundled sample team, or
``$ROSTER_TEAM_DIR``) and the sidebar status. Each page is a thin ``render()`` in ``ui/pages``.
"""

from __future__ import annotations

import streamlit as st

from ui import state, widgets

PAGES = [
    st.Page("pages/team.py", title="Team & agents", icon="👥", default=True),
    st.Page("pages/rules.py", title="Rules & weights", icon="⚖️"),
    st.Page("pages/demand.py", title="Demand & peaks", icon="📈"),
    st.Page("pages/solve.py", title="Solve & roster", icon="🗓️"),
    st.Page("pages/scenarios.py", title="Scenarios & what-if", icon="🔀"),
]

st.set_page_config(page_title="Roster optimizer", page_icon="🗓️", layout="wide")
state.ensure_started()
navigation = st.navigation(PAGES)
widgets.sidebar_status()
navigation.run()
