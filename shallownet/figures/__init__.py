"""Plotly figure builders: pure functions from engine data to ``go.Figure``.

Nothing here imports streamlit, so every figure is testable on its own.
"""
