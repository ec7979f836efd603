"""Cheat sheet: the whole algorithm on one printable page, from the live arrays and the engine's
own source; downloads as standalone HTML and as Markdown."""

import streamlit as st

from shallownet.cheatsheet import block_markdown, cheat_sheet, to_html, to_markdown
from shallownet.questions.reference import a1_transposed
from shallownet.ui.state import current_data, current_settings, describe, get_trainer
from shallownet.ui.teaching import ask

settings = current_settings()
data = current_data(settings)
trainer = get_trainer(settings)
sections = cheat_sheet(trainer.params, data.X_train, data.Y_train, settings.activation,
                       settings.learning_rate, settings.init_scale)

# printing from the browser: only the sheet, without the app's sidebar, header and buttons
st.html("""<style>
@media print {
  [data-testid="stSidebar"], [data-testid="stHeader"], header, [data-testid="stToolbar"],
  [data-testid="stDecoration"], [data-testid="stDownloadButton"], [data-testid="stSidebarCollapsedControl"],
  .st-key-cheat-downloads, [class*="st-key-q-"] { display: none !important; }
  [data-testid="stMain"], [data-testid="stMainBlockContainer"] {
    padding: 0 !important; margin: 0 !important; max-width: none !important; }
  [data-testid="stCode"], table, .katex-display { break-inside: avoid; }
}
</style>""")
st.title("Cheat sheet")
st.caption(describe(settings))
with st.container(horizontal=True, key="cheat-downloads"):
    st.download_button("Download as HTML", to_html(sections), file_name="shallownet-cheat-sheet.html",
                       mime="text/html", key="cheat.html", icon=":material/download:")
    st.download_button("Download as Markdown", to_markdown(sections), file_name="shallownet-cheat-sheet.md",
                       mime="text/markdown", key="cheat.md", icon=":material/download:")
    st.caption("Or print this page from the browser: the sidebar, these buttons and the question stay off "
               "the paper.")
ask(a1_transposed(trainer.params, data.X_train, settings.activation), "cheat.a1t")

for section in sections:
    st.subheader(section.title)
    for block in section.blocks:
        if block.kind == "latex":
            st.latex(block.text)
        elif block.kind == "code":
            st.code(block.text, language="python")
        else:
            st.markdown(block_markdown(block))
