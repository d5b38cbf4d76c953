"""The closing table of bench/run.py: every figure beside its floor or peer and its goal, and
beside the figure the issue that set the goals measured ("Fast at every size, part 3"), each said
met or missed, and not worse or worse.

Ratios (to a floor or a peer measured in the same run) are compared as they are; seconds are
compared after scaling the issue's by this machine's floor over the floor of then, as the goals
in seconds are, since this machine's speed moves by a third from one hour to the next."""

from __future__ import annotations

from dataclasses import dataclass

ISSUE_FLOOR = 0.056
"""`python -c "import typer, rich"` on the machine the goals were set on (seconds)."""

# The issue's "now" column: ratios as they were, seconds at ISSUE_FLOOR.
STARTUP = (2.44, 2.51)
"""The shipped visit's commands over the typer+rich floor (lowest, highest)."""
IMPORT = 3.9
"""Import of 10,000 events over one parse of the files."""
CHECK_100K = (3.75, 4.05)
"""`check` warm at 100,000 events, grouped / --json (seconds)."""
ENGINE_100K = (1.07,)
"""The conflict engine alone at 100,000 events (seconds)."""
COLD_100K = (15.9, 17.7)
"""First `timeline --day` / `check` after `cache clear` at 100,000 events (seconds)."""
BUSY = 1.6
"""First check with a 50,000-event busy calendar over one parse of it."""
DAY_VS_KHAL = {1_000: 0.63, 10_000: 0.57, 100_000: 0.33}
"""`timeline --day` warm over `khal list` of the same day, by size."""


@dataclass(frozen=True)
class Row:
    figure: str
    peer: str
    now: str
    goal: str
    met: bool | None
    before: str = "–"
    worse: bool | None = None


ROWS: list[Row] = []


def row(figure: str, peer: str, now: str, goal: str, met: bool | None, before: str = "–", worse: bool | None = None) -> None:
    """A row of the closing table (``met``/``worse`` None: not measured, or nothing to compare)."""
    ROWS.append(Row(figure, peer, now, goal, met, before, worse))


def scaled(values: tuple[float, ...], scale: float) -> tuple[float, ...]:
    """The issue's seconds, scaled to this machine's floor (``scale``: this floor over ISSUE_FLOOR)."""
    return tuple(v * scale for v in values)


def said_in_seconds(values: tuple[float, ...], scale: float) -> str:
    """The issue's seconds as they were and at this machine's floor."""
    return " / ".join(f"{v:.2f}" for v in values) + " s (" + " / ".join(f"{v:.2f}" for v in scaled(values, scale)) + " s at this floor)"


def printed() -> str:
    """The table, in Markdown, as the README carries it."""
    lines = ["| figure | floor / peer | now | goal | | the issue's figure | |", "|---|---|---|---|---|---|---|"]
    for r in ROWS:
        met = "not measured" if r.met is None else "met" if r.met else "**missed**"
        worse = "" if r.worse is None else "**worse**" if r.worse else "not worse"
        lines.append(f"| {r.figure} | {r.peer} | {r.now} | {r.goal} | {met} | {r.before} | {worse} |")
    return "\n".join(lines)
