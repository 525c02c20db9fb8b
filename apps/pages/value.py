"""value (placeholder while the library lands)."""

import streamlit as st

st.title("value")
