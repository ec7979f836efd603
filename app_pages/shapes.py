"""Shapes: every tensor of the current run with its shape, as a table and as a block diagram,
and the three shape rules (dP like P, broadcasting b, keepdims) shown with the real arrays."""

import streamlit as st

from shallownet.figures.shapes_view import (
    broadcast_latex,
    diagram_spec,
    entries_figure,
    keepdims_latex,
    keepdims_listing,
    same_shape_markdown,
    table_markdown,
)
from shallownet.formatting import shape_str
from shallownet.questions.checks import dw1_shape, m_doubles
from shallownet.shapes import broadcast_text, keepdims_text, shapes_lesson, zero_bias_note
from shallownet.ui.block_diagram import block_diagram
from shallownet.ui.live import live_chart
from shallownet.ui.memo import memo_figure
from shallownet.ui.size_buttons import place_size_buttons
from shallownet.ui.state import current_data, current_settings, current_upload, describe, get_trainer
from shallownet.ui.teaching import ask, next_page_link, notes_remark

SHOW_COLUMNS = 4  # columns of (n_h, m) arrays printed in the examples (two such matrices share a line)

settings = current_settings()
data = current_data(settings)
trainer = get_trainer(settings)
params = trainer.params
# one forward and backward pass per rerun: the table, both rules and the question share it
lesson = shapes_lesson(params, data.X_train, data.Y_train, settings.activation, settings.learning_rate)
table, bd, kd = lesson.table, lesson.broadcast, lesson.keepdims
sizes = table.sizes

st.title("Shapes")
st.caption(describe(settings) + f" · iteration {trainer.total_iteration}")
st.markdown(
    f"Every tensor of one forward and backward pass over the **m = {sizes['m']}** training examples, "
    f"with **n_x = {sizes['n_x']}** inputs and **n_h = {sizes['n_h']}** hidden units. Each shape below "
    "is read from the array the network just computed (`.shape`), not typed in: change n_h or the "
    "number of samples and watch the blocks grow or shrink."
)

# the questions come before the diagram and the table, whose labels give their answers away
ask(dw1_shape(table), key="shapes.dw1")
ask(m_doubles(params, data.X_train, data.Y_train, settings.activation, now=table), key="shapes.m_doubles")

place_size_buttons(settings, uploaded=bool(current_upload()))

block_diagram(diagram_spec(table), key="shapes.blocks")
st.caption(
    "Every rectangle is a tensor: width ∝ √(columns), height ∝ √(rows), so m columns still fit "
    "beside n_x = 2 rows (the labels give the true shapes), and when a size changes the blocks "
    "glide to their new shape. Left: the forward pass, top to bottom. "
    "Right: the backward pass (read it bottom to top), each gradient drawn beside the tensor whose shape it shares. "
    "Point at a block for what it holds."
)

st.subheader("All tensors")
st.markdown(table_markdown(table))
entries, entries_rev = memo_figure("shapes.entries", lambda: entries_figure(table),
                                  options=tuple((r.name, r.shape) for r in table.rows))
live_chart(entries, key="shapes.entries", alt="How many numbers each tensor holds", rev=entries_rev)
notes_remark(
    r"Eq. (4) of the notes labels the factor $g^{[1]}(z^{[1]})$ with the shape $(m^{[1]}, m)$. It is "
    rf"$(n^{{[1]}}, m)$ = (n_h, m), here {shape_str(table.row('Z1').shape)}: one row per hidden unit."
)
st.caption(
    f"The parameters hold {lesson.parameter_count:,} "
    "numbers whatever m is; every tensor with m columns grows with the data. Full-batch gradient "
    "descent touches all of them at every step."
)

# -- the rules, with the arrays of this run ----------------------------------------------------
st.header("Three rules, shown with real arrays")

st.subheader("1 · dP has the shape of P")
st.markdown(
    "dW and db say how the cost J changes with **each entry** of W and b (∂J/∂W, ∂J/∂b), so they have "
    "one entry per entry, and the update P := P − α·dP subtracts entry by entry. dZ stacks each "
    "example's own ∂𝓛/∂z in its column (that is m·∂J/∂Z), so it too has the shape of Z.\n\n"
    + same_shape_markdown(table)
)

st.subheader("2 · b1 (n_h, 1) is broadcast across the m columns")
st.markdown(broadcast_text(bd))
note = zero_bias_note(bd, trainer.total_iteration)
if note:
    st.caption(note)
st.latex(broadcast_latex(bd, SHOW_COLUMNS))
st.caption(f"The first {min(SHOW_COLUMNS, bd.W1X.shape[1])} of the {bd.W1X.shape[1]} columns; every column of "
           "W1 X gets the same b1.")

st.subheader("3 · sum(axis=1, keepdims=True) keeps the column")
st.markdown(
    f"db1 = (1/m) Σ over the columns of dZ1. dZ1 has shape **{shape_str(kd.dZ1.shape)}**; summing over "
    "axis 1 (the examples) should leave one number per hidden unit, **as a column** like b1:"
)
st.code(keepdims_listing(kd), language="python")
if kd.silent:
    st.info("With n_h = 1 the flat vector (1,) minus b1 (1, 1) still gives (1, 1): the slip is invisible "
            "here. Add a hidden unit to see it bite.", icon=":material/info:")
else:
    st.markdown(keepdims_text(kd))
    st.latex(keepdims_latex(kd))
    st.caption("Left: one bias per hidden unit, as it should be. Right: entry (i, j) = b1[i] − α·db1[j]"
               + (" (the first rows and columns)." if kd.broken.shape[0] > 6 else "."))

next_page_link("app_pages/shapes.py")
