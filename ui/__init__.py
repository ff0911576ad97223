"""The browser app for managers (Streamlit): ``streamlit run ui/app.py``."""
