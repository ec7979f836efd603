"""Gradient check: backward's analytic gradients against centred differences, and planted
bugs that the check must catch."""


import streamlit as st

from shallownet.activations import ACTIVATIONS
from shallownet.bugs import (
    ALL_BACKWARDS,
    CHECK_POINTS,
    PASS_BELOW,
    WARN_BELOW,
    check_point_params,
    hidden_range,
    misses_at_scale,
    near_kink,
    subset_balance,
    subset_notice,
    verdict,
)
from shallownet.figures.gradcheck_view import check_scatter, error_bars, report_table
from shallownet.gradcheck_lesson import (
    POINT_HELP,
    bug_listing,
    check_size_caption,
    failure_text,
    kink_caution,
    point_label,
    saturation,
)
from shallownet.questions.checks import forgot_m_error, keepdims_shape, missed_bug
from shallownet.ui.live import live_chart
from shallownet.ui.shared_work import bug_is_harmless, gradient_check
from shallownet.ui.state import current_data, current_settings, describe, get_trainer
from shallownet.ui.teaching import ask, next_page_link, notes_remark, notice

# a verdict's kind → its box and icon
BOXES = {"error": (st.error, ":material/error:"), "pass": (st.success, ":material/check_circle:"),
         "caught": (st.success, ":material/bug_report:"), "warning": (st.warning, ":material/warning:"),
         "info": (st.info, ":material/info:")}

settings = current_settings()
data = current_data(settings)
trainer = get_trainer(settings)
act_label = ACTIVATIONS[settings.activation].label


st.title("Gradient check")
st.caption(describe(settings))
st.markdown(
    "Backpropagation gives the gradient by formula — the **analytic** gradient. The check computes "
    "it a second, independent way: nudge one parameter entry up and down by ε and see how the cost "
    "moves, **(J(P + ε) − J(P − ε)) / 2ε** (the centred difference, ε = 10⁻⁵, in float64). If the "
    "two agree for every entry of W1, b1, W2 and b2, backward is **very probably right, at the point "
    "where it is checked**: a slip can hide at a point where it barely changes the numbers (the first "
    "question below asks which one, at the tiny start). They are compared by the "
    "relative error ‖a − n‖ / (‖a‖ + ‖n‖), which does not depend on the size of the gradient: "
    f"**pass below {PASS_BELOW:g}**, suspicious up to {WARN_BELOW:g}, **fail above {WARN_BELOW:g}**."
)

misses = misses_at_scale(data.X_train, data.Y_train, settings.n_h, settings.activation, settings.init_seed,
                         check=lambda *a: gradient_check(*a)[0], same=bug_is_harmless)
ask(missed_bug(misses), key="check.missed")

left, right = st.columns(2, gap="large")
with left:
    point = st.radio(
        "Check the gradient at",
        CHECK_POINTS,
        key="check.point",
        format_func=lambda p: point_label(p, trainer.total_iteration, settings.init_scale),
        help=POINT_HELP,
    )
with right:
    bug = st.selectbox(
        "Break the math: plant one bug in a copy of backward",
        list(ALL_BACKWARDS),
        key="check.bug",
        format_func=lambda k: ALL_BACKWARDS[k].label,
    )

params = check_point_params(point, trainer.params, data.n_x, settings.n_h, settings.init_seed)
X, Y = data.X_train, data.Y_train
report, seconds = gradient_check(params, X, Y, settings.activation, bug)
n_entries = sum(v.size for v in params.values())
st.caption(check_size_caption(report.m, report.m_total, n_entries, seconds))

entry = ALL_BACKWARDS[bug]
if bug != "none":
    st.markdown(f"**The bug:** {entry.description}")
    st.code(bug_listing(entry.right_line, entry.wrong_line), language="python")

# -- the verdict, in words -------------------------------------------------------------------------
where = kink_caution(point, trainer.total_iteration, settings.init_scale)
said = verdict(report, gradient_check(params, X, Y, settings.activation, "none")[0], bug=bug,
               activation=settings.activation, activation_label=act_label,
               same=bug != "none" and bug_is_harmless(params, X, Y, settings.activation, bug),
               kinks=near_kink(params, X, settings.activation), hidden=hidden_range(params, X, settings.activation),
               where=where, failure=failure_text(report.worst, saturation(params, X, Y, settings.activation)))
box, icon = BOXES[said.kind]
box(said.text, icon=icon)
for caption in said.captions:
    st.caption(caption)
if bug == "g_not_gprime":
    notes_remark(r"Eq. (4) of the notes prints $g^{[1]}(Z^{[1]})$ where the derivative $g^{[1]\prime}(Z^{[1]})$ "
                 "belongs: this planted bug is that slip.")

st.dataframe(report_table(report), hide_index=True, width="stretch")
c1, c2 = st.columns([2, 3], gap="medium")
with c1:
    live_chart(error_bars(report), key="check.errors",
               alt="Relative error of every gradient, analytic against numerical")
with c2:
    live_chart(check_scatter(report), key="check.scatter", alt="Every gradient entry: analytic against numerical")
st.caption(
    "Right: every entry of every gradient, analytic (from backward) against numerical (from the "
    "cost). On the dashed diagonal they agree. A gradient of the wrong shape cannot be compared "
    "entry by entry and is left out of the scatter; the table reports it as a shape mismatch."
)

balance = subset_notice(subset_balance(params, X, Y, settings.activation), current=point == "current")
if balance:
    notice(balance)

ask(forgot_m_error(report.m), key="check.forgot_m")
ask(keepdims_shape(params, X[:, :report.m], Y[:, :report.m], settings.activation), key="check.keepdims")
next_page_link("app_pages/gradient_check.py")
