"""A progress display for long work on a terminal (an import of thousands of events)."""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, SpinnerColumn, TaskID, TextColumn, TimeElapsedColumn


@contextlib.contextmanager
def progress_on(console: Console, *, enabled: bool = True) -> Iterator[Callable[[str, int, int], None]]:
    """A callback ``(what, done, total)`` that shows a bar per step on ``console`` while the
    block runs (a spinner while the total is unknown), and is silent when ``console`` is no
    terminal or ``enabled`` is false. The bars disappear when the block ends."""
    if not enabled or not console.is_terminal:
        yield lambda what, done, total: None
        return
    columns = (SpinnerColumn(), TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn())
    with Progress(*columns, console=console, transient=True) as bar:
        tasks: dict[str, tuple[TaskID, int]] = {}

        def tell(what: str, done: int, total: int) -> None:
            for other, (task, size) in tasks.items():  # a new step finishes the ones before it
                if other != what:
                    bar.update(task, completed=size)
            if what not in tasks:
                tasks[what] = (bar.add_task(what, total=total or None), total)
            tasks[what] = (tasks[what][0], total)
            bar.update(tasks[what][0], completed=done, total=total or None)

        yield tell
