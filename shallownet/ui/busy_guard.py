"""Rapid clicks on a training button are refused, visibly, until the click before them is done.

Streamlit merges the clicks that reach the server while a rerun is pending (one trigger value:
twenty ×100 clicks in a burst trained 100 steps, under load 1,700 of 2,000) and says nothing.
Here a button's first click goes through, and from that moment until the rerun it started has
finished (the app's ``data-test-script-state`` back to ``notRunning``) further clicks on the
guarded buttons are stopped before Streamlit sees them; the buttons show that they are busy
(dimmed, a waiting cursor, a tooltip). So every click that trains is one the student saw answered.

The guard is a small component (no iframe: Streamlit's bidirectional components live in the
page) whose script installs one click listener on the document, once per browser tab.
"""

from __future__ import annotations

import streamlit as st

# the buttons that train (their widget keys); Streamlit gives each the class st-key-<key, . as ->
GUARDED_KEYS = ("train.step1", "train.step10", "train.step100", "train.to", "train.too_large", "grad.train",
                "exp.size.go", "exp.rate.go", "exp.size.overfit_yes", "land.train")
BUSY_TITLE = "Busy with your last click: this one was not taken. Wait until the page has updated."


def _selector() -> str:
    return ", ".join(f".st-key-{k.replace('.', '-')} button" for k in GUARDED_KEYS)


JS = """
const SAFETY_MS = 20000, QUIET_MS = 1500;
function install(doc, SELECTOR, TITLE) {
  if (doc.__shallownetBusyGuard) return;
  doc.__shallownetBusyGuard = true;
  let busy = false, sawRun = false, since = 0, poll = null;
  const state = () => {
    const app = doc.querySelector("[data-testid='stApp']");
    return app && app.getAttribute('data-test-script-state');
  };
  const setBusy = (on) => {
    busy = on; sawRun = false; since = performance.now();
    doc.documentElement.classList.toggle('sn-busy', on);
    doc.querySelectorAll(SELECTOR).forEach((b) => {
      if (on) b.setAttribute('title', TITLE); else b.removeAttribute('title');
    });
    clearInterval(poll);
    if (on) poll = setInterval(check, 50);
  };
  // done: the click's rerun was seen running and has stopped; or it was so quick that the page never
  // showed it running (QUIET_MS without a run); or, whatever happened, after SAFETY_MS
  const check = () => {
    if (!busy) return;
    const s = state(), waited = performance.now() - since;
    if (s === 'running') sawRun = true;
    else if (s === 'notRunning' && (sawRun || waited > QUIET_MS)) setBusy(false);
    if (waited > SAFETY_MS) setBusy(false);
  };
  doc.addEventListener('click', (ev) => {
    const button = ev.target.closest && ev.target.closest(SELECTOR);
    if (!button || button.disabled) return;
    if (busy) {  // refused: Streamlit would merge it into the pending rerun without a word
      ev.preventDefault(); ev.stopImmediatePropagation();
      doc.documentElement.dataset.snRefused = String(Number(doc.documentElement.dataset.snRefused || 0) + 1);
      return;
    }
    setBusy(true);
  }, true);
  new MutationObserver(check).observe(doc, {subtree: true, attributes: true,
                                            attributeFilter: ['data-test-script-state']});
}
export default function (component) {
  const { data, parentElement } = component;
  if (data) install(parentElement.ownerDocument, data.selector, data.title);
}
"""

CSS = ("html.sn-busy " + _selector().replace(", ", ", html.sn-busy ")
       + " { opacity: 0.55; cursor: progress !important; }")

_COMPONENT = st.components.v2.component("shallownet.busy_guard", js=JS, html="<span></span>", css=CSS,
                                        isolate_styles=False)


def busy_guard() -> None:
    """Mount the guard (once per run; it installs itself once per browser tab)."""
    _COMPONENT(key="busy_guard", data={"selector": _selector(), "title": BUSY_TITLE}, height=0)
