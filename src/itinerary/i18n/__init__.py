"""Messages in the reader's language: GNU gettext catalogs, the language chosen once, Korean
particles and Korean dates. Every row of the package may import this one; it imports only the
standard library (and Babel, for Korean dates, when a Korean date is written).

The interface speaks English unless Korean is chosen, in this order: ``--lang ko`` (or ``en``)
anywhere on the command line, else ``ITINERARY_LANG``, else the locale (``LC_ALL``, then
``LC_MESSAGES``, then ``LANG``: a value starting with ``ko`` is Korean), else English
(:func:`choose`; the command line calls :func:`use` with it before anything is printed). What is
written for a reader rather than for the officer at the terminal — the programme book, a notice
by e-mail — is written in that reader's language with :func:`translator`, whatever the
interface speaks.

English costs nothing: a message is its own English, so no catalog is read unless Korean is
chosen, and then only at the first message that needs it.

**Marking a message.** Write whole sentences with named placeholders, never pieces glued
together (Korean puts the verb last and a particle after each name)::

    from itinerary.i18n import _, ngettext

    say(_("Wrote {path}.", path=target))
    say(ngettext("{n} event moved", "{n} events moved", n, n=n))

A text tabled at import time (a label, a help text) is marked with ``N_("…")`` and translated
where it is shown, with ``_(TABLE[key])``. ``pgettext(context, message)`` tells apart one English
word that Korean says two ways. A Korean translation uses every placeholder of the English and no
other (``msgfmt --check`` holds it to that), and writes the particle after a placeholder the way
Korean writes it undecided — ``{person}이(가) 참석합니다``, ``{event}을(를)``, ``{venue}(으)로`` —
which is chosen by the final sound of the value when the message is filled in (:mod:`.particles`):
"김영훈 장관이 참석합니다", "응보가 참석합니다". Write Korean dates and times with
:func:`.dates.korean` ("2026년 5월 22일(금) 14:00"); a date or weekday inside a message as the
interface's language writes it with :func:`.dates.day_text` and :func:`.dates.weekday_text`.

**Updating the catalog** after adding or changing messages (Babel is a dependency; the mapping
is ``babel.cfg`` at the top of the repository)::

    pybabel extract -F babel.cfg -k N_ -c TRANSLATORS: --no-location --sort-output \\
        -o /tmp/itinerary.pot src
    pybabel update -w 100 -i /tmp/itinerary.pot -d src/itinerary/i18n/locale -D itinerary \\
        --no-fuzzy-matching --ignore-obsolete

then translate every new entry of ``locale/ko/LC_MESSAGES/itinerary.po`` (an entry left empty,
or marked fuzzy, fails ``tests/test_i18n.py``, which also runs ``msgfmt --check`` on it). The
``.mo`` files are never committed: the build compiles them (``hatch_build.py``, for ``pip
install .`` and ``pip install -e .`` alike); after editing a ``.po`` in an editable install, run
``pip install -e .`` again (a test says so when the compiled catalog is older than its source).
"""

from itinerary.i18n.catalog import LANGUAGES, N_, Translator, _, language, ngettext, pgettext, translator, use
from itinerary.i18n.choice import choose, flag_value

__all__ = ["LANGUAGES", "N_", "Translator", "_", "choose", "flag_value", "language", "ngettext", "pgettext", "translator", "use"]
