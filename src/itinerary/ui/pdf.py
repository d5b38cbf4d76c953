"""Printing the programme book to PDF with a real browser engine (headless Chromium).

The browser is ``ITINERARY_CHROMIUM`` (a command on the PATH or a path to the browser), else the
first of chromium, chromium-browser, google-chrome and google-chrome-stable on the PATH. A book
with Korean needs a font with Hangul (Debian: fonts-noto-cjk): without one Chromium prints empty
boxes, so such a book is refused, saying what to install, where fontconfig can tell.

Page numbers: the book carries "n / N" at the foot of every page but the cover, and the visit's
title and revision at the head, as CSS margin boxes of ``@page`` (``@bottom-center { content:
counter(page) " / " counter(pages) }``, and none on ``@page :first``). Chromium fills them in
while it paginates, so the numbers are right for any number of pages — a day that spills onto a
second page included — in one pass and in the page's own font. Chromium prints margin boxes from
version 131 on; an older one would silently print no numbers, so it is refused. Chromium's own
header and footer are turned off (``--no-pdf-header-footer``): they would print the date and the
file's URL, a path on this machine, on every page, the cover included. The other ways considered
— a footer template through the DevTools protocol (a WebSocket client, and still the same footer
on the cover), or printing twice and placing numbers from the page count of the first print
(which cannot know where a long day breaks) — are heavier or wrong for a day that spills.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import tempfile
from pathlib import Path

from itinerary.errors import NotFound, StorageError
from itinerary.i18n import _

INSTALL = "Debian: apt-get install chromium fonts-noto-cjk"
"""What to install for the PDF: the browser and fonts with Hangul."""
OLDEST = 131
"""The first Chromium version that prints CSS margin boxes (the page numbers)."""


def _environment() -> dict[str, str]:
    """The browser's environment: ours with TZ=UTC. The page carries every time it shows with
    its zone, and a TZ naming something that is no zone file (TZ=:/etc/passwd, a pipe) must not
    make the browser fail or wait."""
    return {**os.environ, "TZ": "UTC"}


def browser() -> str:
    """The headless Chromium to print with; NotFound with what to install otherwise."""
    for name in (os.environ.get("ITINERARY_CHROMIUM", ""), "chromium", "chromium-browser", "google-chrome", "google-chrome-stable"):
        if name and (found := shutil.which(name)):
            return found
    raise NotFound(_("no Chromium found to print the PDF: install it and fonts with Korean glyphs ({install}), "
                     "or set ITINERARY_CHROMIUM to the browser's command or path", install=INSTALL))


def _check_version(command: str) -> None:
    """Refuse a Chromium too old to print the page numbers; pass when the version is unreadable."""
    try:
        result = subprocess.run([command, "--version"], capture_output=True, text=True, timeout=30, env=_environment())
    except (OSError, subprocess.TimeoutExpired):
        return
    found = re.search(r"(\d+)\.\d+\.\d+", result.stdout)
    if found and int(found.group(1)) < OLDEST:
        raise NotFound(_("{command} is Chromium {version}, too old to print page numbers (CSS margin boxes need {oldest} "
                         "or newer): upgrade it ({install}) or set ITINERARY_CHROMIUM to a newer one",
                         command=command, version=found.group(1), oldest=OLDEST, install=INSTALL))


def _check_korean_fonts() -> None:
    """Refuse to print Korean without a font that has it (where fontconfig can be asked)."""
    if not (fc_list := shutil.which("fc-list")):
        return
    try:
        result = subprocess.run([fc_list, ":lang=ko", "family"], capture_output=True, text=True, timeout=30)
    except (OSError, subprocess.TimeoutExpired):
        return
    if result.returncode == 0 and not result.stdout.strip():
        raise NotFound(_("no font with Korean glyphs is installed, so the PDF would print empty boxes: install one ({install})", install=INSTALL))


def _run_browser(command: str, html: Path, *arguments: str) -> None:
    with tempfile.TemporaryDirectory(prefix="itinerary-chromium-") as profile:
        line = [
            command, "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run",
            "--disable-background-networking", "--disable-component-update", "--disable-sync", "--disable-extensions",
            f"--user-data-dir={profile}", *arguments, html.resolve().as_uri(),
        ]
        try:
            result = subprocess.run(line, capture_output=True, text=True, timeout=180, env=_environment())
        except subprocess.TimeoutExpired:
            raise StorageError(_("Chromium did not finish printing within {n} s", n=180)) from None
        if result.returncode != 0:
            raise StorageError(_("Chromium failed (exit {code}): {stderr}", code=result.returncode, stderr=result.stderr.strip()[-300:]))


def print_pdf(html: Path, pdf: Path, *, korean: bool = True) -> None:
    """Print ``html`` to ``pdf`` (A4, as the page's CSS asks) with headless Chromium; ``korean``
    says the page holds Korean text, which needs a font with Hangul."""
    command = browser()
    _check_version(command)
    if korean:
        _check_korean_fonts()
    _run_browser(command, html, "--no-pdf-header-footer", f"--print-to-pdf={pdf.resolve()}")
    if not pdf.exists() or pdf.stat().st_size == 0:
        raise StorageError(_("Chromium wrote no PDF to {path}", path=pdf))
