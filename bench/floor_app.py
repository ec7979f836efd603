"""Streamlit's own floor: a trivial one-chart page with one button.

The load benchmark runs the same classroom against this app and against the real
one, in the same run, so the app's latency can be read relative to what Streamlit
itself costs on this machine. Run: ``streamlit run bench/floor_app.py``.
"""

import numpy as np
import plotly.graph_objects as go
import streamlit as st

st.set_page_config(page_title="Floor", layout="wide")
st.title("Floor: one chart")

clicks = st.session_state.setdefault("floor.clicks", 0)
if st.button("×10", key="floor.x10"):
    st.session_state["floor.clicks"] = clicks = clicks + 1

x = np.linspace(0.0, 1.0, 50)
fig = go.Figure(go.Scatter(x=x, y=np.sin(6 * x + clicks), mode="lines+markers"))
fig.update_layout(height=300, margin=dict(l=20, r=20, t=20, b=20))
st.plotly_chart(fig, width="stretch", key="floor.chart")
st.caption(f"{clicks} clicks")
