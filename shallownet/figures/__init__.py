"""Plotly figure builders: pure functions from engine data to figure dicts (Plotly's JSON schema).

Nothing here imports streamlit, so every figure is testable on its own.
"""
