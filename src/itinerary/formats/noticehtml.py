"""A revision notice as HTML, the alternative to its plain text. Pure.

Rendered with Jinja2 from ``templates/notice.html`` with autoescaping on: every title, name and
note is text, never markup (a title such as ``<script>`` is shown as written). Each language's
part is marked with its ``lang``, so a mail reader chooses Korean line breaking and fonts there.
"""

from __future__ import annotations

from collections.abc import Sequence
from importlib import resources

from itinerary.formats.noticetext import Wording


def render(wordings: Sequence[Wording], subject: str) -> str:
    """The notice as one HTML page."""
    import jinja2

    environment = jinja2.Environment(autoescape=True, undefined=jinja2.StrictUndefined, trim_blocks=True, lstrip_blocks=True)
    template = environment.from_string(resources.files("itinerary.formats").joinpath("templates/notice.html").read_text(encoding="utf-8"))
    return template.render(wordings=list(wordings), subject=subject)
