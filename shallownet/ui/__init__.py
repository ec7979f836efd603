"""Streamlit glue. ``settings`` is pure Python; ``state`` and ``page`` need a running app."""
