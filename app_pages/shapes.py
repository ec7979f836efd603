"""Shapes: every tensor of the current run with its shape, as a table and as a block diagram,
and the three shape rules (dP like P, broadcasting b, keepdims) shown with the real arrays."""

import numpy as np
import streamlit as st

from shallownet.figures.shapes_view import (
    diagram_spec,
    entries_figure,
    keepdims_listing,
    latex_shape,
    same_shape_markdown,
    table_markdown,
)
from shallownet.questions.checks import dw1_shape, m_doubles
from shallownet.shapes import broadcast_demo, keepdims_demo, shape_str, shape_table
from shallownet.stepthrough import latex_matrix
from shallownet.ui.block_diagram import block_diagram
from shallownet.ui.live import live_chart
from shallownet.ui.page import session_figure
from shallownet.ui.settings import FIELD_BY_NAME
from shallownet.ui.state import UPLOAD, current_data, current_settings, describe, get_trainer, set_setting
from shallownet.ui.teaching import ask, next_page_link, notes_remark

SHOW_COLUMNS = 4  # columns of (n_h, m) arrays printed in the examples (two such matrices share a line)

settings = current_settings()
data = current_data(settings)
trainer = get_trainer(settings)
params = trainer.params
table = shape_table(params, data.X_train, data.Y_train, settings.activation)
sizes = table.sizes

st.title("Shapes")
st.caption(describe(settings) + f" · iteration {trainer.iteration}")
st.markdown(
    f"Every tensor of one forward and backward pass over the **m = {sizes['m']}** training examples, "
    f"with **n_x = {sizes['n_x']}** inputs and **n_h = {sizes['n_h']}** hidden units. Each shape below "
    "is read from the array the network just computed (`.shape`), not typed in: change n_h or the "
    "number of samples and watch the blocks grow or shrink."
)

# the questions come before the diagram and the table, whose labels give their answers away
ask(dw1_shape(table), key="shapes.dw1")
ask(m_doubles(params, data.X_train, data.Y_train, settings.activation), key="shapes.m_doubles")


def _clamped(name: str, value: float):
    f = FIELD_BY_NAME[name]
    return type(f.default)(min(max(value, f.lo), f.hi))


buttons = st.columns(5, vertical_alignment="center")
n_h = settings.n_h
buttons[0].button("n_h − 1", key="shapes.nh_down", on_click=set_setting, args=("n_h", _clamped("n_h", n_h - 1)),
                  disabled=n_h <= FIELD_BY_NAME["n_h"].lo, width="stretch")
buttons[1].button("n_h + 1", key="shapes.nh_up", on_click=set_setting, args=("n_h", _clamped("n_h", n_h + 1)),
                  disabled=n_h >= FIELD_BY_NAME["n_h"].hi, width="stretch")
uploaded = bool(st.session_state.get(UPLOAD))
n = settings.n_samples
step = int(FIELD_BY_NAME["n_samples"].step)
buttons[2].button("samples ÷ 2", key="shapes.m_down", width="stretch",
                  on_click=set_setting, args=("n_samples", _clamped("n_samples", n // 2 // step * step)),
                  disabled=uploaded or n <= FIELD_BY_NAME["n_samples"].lo)
buttons[3].button("samples × 2", key="shapes.m_up", width="stretch",
                  on_click=set_setting, args=("n_samples", _clamped("n_samples", n * 2)),
                  disabled=uploaded or n >= FIELD_BY_NAME["n_samples"].hi)
buttons[4].caption("Changing n_h or the samples starts a new network (the sidebar has the same settings)."
                   + (" Samples are fixed by the uploaded data." if uploaded else ""))

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
live_chart(session_figure(("shapes.entries", tuple((r.name, r.shape) for r in table.rows)),
                          lambda: entries_figure(table)), key="shapes.entries",
           alt="How many numbers each tensor holds", rev=repr(tuple((r.name, r.shape) for r in table.rows)))
notes_remark(
    r"Eq. (4) of the notes labels the factor $g^{[1]}(z^{[1]})$ with the shape $(m^{[1]}, m)$. It is "
    rf"$(n^{{[1]}}, m)$ = (n_h, m), here {shape_str(table.row('Z1').shape)}: one row per hidden unit."
)
st.caption(
    f"The parameters hold {sum(np.prod(table.row(p).shape) for p in ('W1', 'b1', 'W2', 'b2')):,} "
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
bd = broadcast_demo(params, data.X_train)


st.markdown(
    f"In Z1 = W1 X + b1 the product W1 X has shape **{shape_str(bd.W1X.shape)}** but b1 has shape "
    f"**{shape_str(bd.b1.shape)}**. NumPy stretches b1's single column across all "
    f"{bd.W1X.shape[1]} columns — every example gets the same bias — and the sum has shape "
    f"**{shape_str(bd.Z1.shape)}**. Largest difference between any column of Z1 and "
    f"(that column of W1 X) + b1: **{bd.column_check:.1g}**."
)
if not np.any(bd.b1):
    st.caption(f"At iteration {trainer.iteration} b1 is still all zero (biases start at 0): train the network "
               "(Training or Gradients page) and come back to see the bias go into every column.")
st.latex(
    rf"\begin{{gathered}}\underbrace{{W^{{[1]}}X}}_{{{latex_shape(bd.W1X.shape)}}} \;+\; "
    rf"\underbrace{{b^{{[1]}}}}_{{{latex_shape(bd.b1.shape)}}}"
    rf" \;=\; \underbrace{{Z^{{[1]}}}}_{{{latex_shape(bd.Z1.shape)}}} \\[8pt] "
    rf"{latex_matrix(bd.W1X, digits=2, max_cols=SHOW_COLUMNS)} + {latex_matrix(bd.b1, digits=2)} = "
    rf"{latex_matrix(bd.Z1, digits=2, max_cols=SHOW_COLUMNS)}\end{{gathered}}"
)
st.caption(f"The first {min(SHOW_COLUMNS, bd.W1X.shape[1])} of the {bd.W1X.shape[1]} columns; every column of "
           "W1 X gets the same b1.")

st.subheader("3 · sum(axis=1, keepdims=True) keeps the column")
kd = keepdims_demo(params, data.X_train, data.Y_train, settings.activation, settings.learning_rate)
st.markdown(
    f"db1 = (1/m) Σ over the columns of dZ1. dZ1 has shape **{shape_str(kd.dZ1.shape)}**; summing over "
    "axis 1 (the examples) should leave one number per hidden unit, **as a column** like b1:"
)
st.code(keepdims_listing(kd), language="python")
if kd.silent:
    st.info("With n_h = 1 the flat vector (1,) minus b1 (1, 1) still gives (1, 1): the slip is invisible "
            "here. Add a hidden unit to see it bite.", icon=":material/info:")
else:
    st.markdown(
        f"Without keepdims, b1 {shape_str(kd.b1.shape)} minus a vector {shape_str(kd.flat.shape)} is broadcast "
        "in **both** "
        f"directions: the result is a **{shape_str(kd.broken.shape)} matrix**, entry (i, j) = "
        "b1[i] − α·db1[j]. No error is raised at the update. The next forward pass, W1 X + b1 with "
        f"this b1, gives — tried just now: `{kd.next_forward}`. The real numbers with "
        f"α = {kd.learning_rate:g}:"
    )
    st.latex(
        rf"\underbrace{{b^{{[1]}} - \alpha\, db^{{[1]}}_{{\text{{keepdims}}}}}}_{{{latex_shape(kd.updated.shape)}}} = "
        rf"{latex_matrix(kd.updated)} \qquad "
        rf"\underbrace{{b^{{[1]}} - \alpha\, db^{{[1]}}_{{\text{{flat}}}}}}_{{{latex_shape(kd.broken.shape)}}} = "
        rf"{latex_matrix(kd.broken)}"
    )
    st.caption("Left: one bias per hidden unit, as it should be. Right: entry (i, j) = b1[i] − α·db1[j]"
               + (" (the first rows and columns)." if kd.broken.shape[0] > 6 else "."))

next_page_link("app_pages/shapes.py")
