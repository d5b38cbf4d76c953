"""Printing the programme book to PDF with a real browser engine (headless Chromium).

``ITINERARY_CHROMIUM`` names the browser when it is not on the PATH as chromium, chromium-browser
or google-chrome. Hangul needs a font with Korean glyphs (Debian: fonts-noto-cjk).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from itinerary.errors import NotFound, StorageError


def browser() -> str:
    """The headless Chromium to print with; NotFound with what to install otherwise."""
    for name in (os.environ.get("ITINERARY_CHROMIUM", ""), "chromium", "chromium-browser", "google-chrome", "google-chrome-stable"):
        if name and (found := shutil.which(name)):
            return found
    raise NotFound("no Chromium found to print the PDF: install it (Debian: apt-get install chromium) or set ITINERARY_CHROMIUM")


def _run_browser(html: Path, *arguments: str) -> None:
    with tempfile.TemporaryDirectory(prefix="itinerary-chromium-") as profile:
        command = [
            browser(), "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run",
            "--disable-background-networking", "--disable-component-update", "--disable-sync", "--disable-extensions",
            f"--user-data-dir={profile}", *arguments, html.resolve().as_uri(),
        ]
        try:
            result = subprocess.run(command, capture_output=True, text=True, timeout=180)
        except subprocess.TimeoutExpired:
            raise StorageError("Chromium did not finish printing within 180 s") from None
        if result.returncode != 0:
            raise StorageError(f"Chromium failed (exit {result.returncode}): {result.stderr.strip()[-300:]}")


def print_pdf(html: Path, pdf: Path) -> None:
    """Print ``html`` to ``pdf`` (A4, as the page's CSS asks) with headless Chromium."""
    _run_browser(html, "--no-pdf-header-footer", f"--print-to-pdf={pdf.resolve()}")
    if not pdf.exists() or pdf.stat().st_size == 0:
        raise StorageError(f"Chromium wrote no PDF to {pdf}")
