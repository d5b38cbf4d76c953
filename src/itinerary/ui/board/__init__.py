"""The live board (``itinerary board``): the visit day on one screen, kept up to date.

:mod:`.records` keeps the records current from the journal's change feed; :mod:`.render` and
:mod:`.rows` draw them as rich renderables; :mod:`.app` is the Textual application, with its
pop-up screens (:mod:`.screens`), its keys (:mod:`.keys`), what the keys change (:mod:`.acting`)
and its clock (:mod:`.clock`). Nothing here is imported by the other commands.
"""
