"""The app's pages in the order of the learning path: one list for the navigation,
the Home page's links and the tests.

Pure Python (no streamlit). A new page appears everywhere by adding its entry here
(tests/test_app_shell.py checks that every script is listed and every entry's script exists).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]  # the folder holding app.py


@dataclass(frozen=True)
class PageEntry:
    """One page: sidebar section, script path (relative to app.py), title, icon, one-line summary;
    ``draws_3d``: its charts need the full plotly.js build (3-D), not the cartesian one."""

    section: str
    script: str
    title: str
    icon: str
    summary: str
    draws_3d: bool = False

    @property
    def name(self) -> str:
        """Short name used for screenshots and test ids, e.g. "data"."""
        return Path(self.script).stem

    @property
    def url_path(self) -> str:
        """The path Streamlit serves the page under ("" for the default page)."""
        return "" if self.script == DEFAULT_SCRIPT else self.name


DEFAULT_SCRIPT = "app_pages/home.py"
PAGES: tuple[PageEntry, ...] = (
    PageEntry("Learn", "app_pages/home.py", "Home", ":material/home:",
              "What the app teaches and the network you are training."),
    PageEntry("Learn", "app_pages/data.py", "Data", ":material/scatter_plot:",
              "The toy dataset, its train/test split and X, Y with examples stacked in columns."),
    PageEntry("Learn", "app_pages/forward.py", "Forward pass", ":material/arrow_forward:",
              "Z1 = W1 X + b1 → A1 = g(Z1) → Z2 = W2 A1 + b2 → A2 = σ(Z2), and the cost."),
    PageEntry("Learn", "app_pages/backward.py", "Backward pass", ":material/arrow_back:",
              "The gradients dZ2 … db1 through the computation graph, by the chain rule."),
    PageEntry("Learn", "app_pages/training.py", "Training", ":material/play_circle:",
              "Gradient descent step by step: cost, accuracy and the decision boundary."),
    PageEntry("Learn", "app_pages/minibatch.py", "Mini-batch vs full batch", ":material/shuffle:",
              "Full batch, b = 64, 8 and 1 from one start for the same epochs: noise, boundaries, time."),
    PageEntry("Learn", "app_pages/gradients.py", "Gradients", ":material/trending_down:",
              "Gradient sizes during training; how the activation and the initial scale shape them."),
    PageEntry("Learn", "app_pages/landscape.py", "Loss landscape", ":material/landscape:",
              "J over a 2-D slice of parameter space, with the descent path; small, good and too-large α.",
              draws_3d=True),
    PageEntry("Learn", "app_pages/shapes.py", "Shapes", ":material/view_module:",
              "The shape of every array, read from the arrays themselves."),
    PageEntry("Learn", "app_pages/gradient_check.py", "Gradient check", ":material/fact_check:",
              "Backpropagation checked against centred differences."),
    PageEntry("Explore", "app_pages/experiments.py", "Experiments", ":material/science:",
              "Sweep hidden-layer sizes and learning rates, compare with a baseline, bring your own data."),
    PageEntry("Reference", "app_pages/cheat_sheet.py", "Cheat sheet", ":material/description:",
              "One printable page: the algorithm, the equations with their shapes, the NumPy lines."),
    PageEntry("Reference", "app_pages/lecture_notes.py", "The lecture notes", ":material/edit_note:",
              "Where the course notes have a slip, and what the correct math is."),
)


def next_page(script: str, hidden=lambda script: False) -> PageEntry | None:
    """The page after ``script`` on the learning path (None after the last); pages for which
    ``hidden(script)`` is true (a lesson link hides them) are skipped."""
    pages = [p for p in PAGES if p.section != "Reference" and (p.script == script or not hidden(p.script))]
    scripts = [p.script for p in pages]
    if script not in scripts or scripts.index(script) == len(scripts) - 1:
        return None
    return pages[scripts.index(script) + 1]



def entry_at(url_path: str) -> PageEntry | None:
    """The page served under ``url_path`` (None if no page is)."""
    return next((p for p in PAGES if p.url_path == url_path), None)
