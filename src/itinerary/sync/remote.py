"""Which server and calendar a folder shares its visit through, as whom: the folder's team state
(``team.json``) once it shares one, the command line the first time. A folder shares its visit
through one server and one calendar; the password is never remembered, only where it is kept."""

from __future__ import annotations

import os
from collections.abc import Callable

from itinerary.changes import team
from itinerary.changes.library import Library
from itinerary.errors import UsageError
from itinerary.formats.teamstate import TeamState
from itinerary.i18n import _
from itinerary.sync.target import Target, target


def shared(library: Library, url: str | None, calendar: str | None, *, user: str | None, password_env: str | None, insecure: bool,
           default_name: Callable[[], str]) -> tuple[TeamState, Target]:
    """The folder's team state (a new one the first time) and the calendar to talk to."""
    state = team.load_state(library)
    if state is None:
        if url is None:
            raise UsageError(_("this folder shares no visit yet: give --url (with --user and --password-env) the first time, "
                               "or join a shared visit with `itinerary join URL DIR`"))
        name = calendar or default_name()
        where = target(url, name, user=user, password_env=password_env, insecure=insecure)
        return TeamState(where.url, where.user, password_env, name=name), where
    if url is not None and target(url, state.name, user=user, password_env=None, insecure=True).url != state.url:
        raise UsageError(_("this folder shares its visit through {server}; it cannot share it through another server "
                           "(--public and --person publish elsewhere)", server=state.url))
    if calendar is not None and calendar != state.name:
        raise UsageError(_("this folder shares its visit in the calendar {name!r} on {server}; not in {calendar!r}",
                           name=state.name, server=state.url, calendar=calendar))
    kept = state.password_env if state.password_env and state.password_env in os.environ else None  # else ~/.netrc
    where = target(state.url, state.name, user=user or state.user, password_env=password_env or kept, insecure=insecure)
    return state, where
