"""Streamlit pages: each file is one screen whose ``render()`` only lays out widgets."""
