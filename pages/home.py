import streamlit as st

st.title("ShallowNet Explainer")
