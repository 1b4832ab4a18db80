"""A one-click download of the learner's journal, for the end of a lesson.

The link is rebuilt after every save made in this kernel (see
:func:`helpable.ui.state.workshop.on_save`); **Refresh** picks up saves made
in another tab. In kiosk mode (``HELPABLE_KIOSK=1``, see ``docs/kiosk.md``)
a **Finish and clear** button follows: it offers the download, asks to
confirm, then deletes everything the visitor saved. The logic is in
:mod:`helpable.ui.state.download`.
"""

from __future__ import annotations

from typing import Any

import ipywidgets as widgets

from helpable.content.strings import say
from helpable.ui.state.download import ASKING, DONE, DownloadState, finish_for, restart_html
from helpable.ui.state.workshop import JournalLike, SaveResult, on_save
from helpable.ui.style import esc
from helpable.ui.widgets.common import LABEL_STYLE, button


class JournalDownload(widgets.HBox):
    """A labelled download link and a Refresh button. Parts: ``link``, ``refresh``;
    the logic is ``state``. In kiosk mode also ``finish``, ``note``, ``confirm``
    and ``cancel`` (the "Finish and clear" steps, logic in ``state.finish``)."""

    def __init__(self, *, journal: JournalLike | None = None) -> None:
        self.state = DownloadState(journal, finish=finish_for(journal))
        self.link = widgets.HTML(description=say("journal.download.label"), style=LABEL_STYLE)
        self.refresh = button(
            say("journal.download.refresh"), say("journal.download.refresh_tooltip"), "refresh"
        )
        self.refresh.on_click(self._on_refresh)
        self._parts: list[widgets.Widget] = [self.link, self.refresh]
        if self.state.finish is None:
            super().__init__([self.link, self.refresh])
        else:
            super().__init__([self._kiosk_parts()])
        self.layout.align_items = "center"
        self.update()
        self._stop_listening = on_save(self._on_saved)

    def _kiosk_parts(self) -> widgets.VBox:
        self.finish = button(
            say("journal.finish.button"), say("journal.finish.button_tooltip"), "check"
        )
        self.note = widgets.HTML()
        self.confirm = button(
            say("journal.finish.confirm"), say("journal.finish.confirm_tooltip"), "trash", "danger"
        )
        self.cancel = button(say("journal.finish.cancel"), say("journal.finish.cancel_tooltip"))
        self.finish.on_click(self._on_finish)
        self.confirm.on_click(self._on_confirm)
        self.cancel.on_click(self._on_cancel)
        row = widgets.HBox([self.link, self.refresh, self.finish])
        row.layout.align_items = "center"
        self._asking = widgets.HBox([self.confirm, self.cancel])
        self._row = row
        self._box = widgets.VBox([row])
        self._parts += [self.finish, self.note, self.confirm, self.cancel, row, self._asking]
        return self._box

    def update(self) -> None:
        """Show the journal as it is now (and, in kiosk mode, the step of Finish and clear)."""
        self.link.value = self.state.view().html
        finish = self.state.finish
        if finish is None:
            return
        note = esc(finish.message)
        if finish.step == DONE:
            note = f"{note} {restart_html()}"
        self.note.value = note
        shown: list[widgets.Widget] = [self._row]
        if finish.message:  # no empty note: it would be announced as an unlabelled part
            shown.append(self.note)
        if finish.step == ASKING:
            shown.append(self._asking)
        self._box.children = shown
        self.finish.layout.display = "none" if finish.step in (ASKING, DONE) else ""

    def _on_refresh(self, _: Any) -> None:
        self.update()

    def _on_saved(self, _: SaveResult) -> None:
        if self.state.finish is not None:
            self.state.finish.saved()
        self.update()

    def _on_finish(self, _: Any) -> None:
        if self.state.finish is not None:
            self.state.finish.ask()
        self.update()

    def _on_confirm(self, _: Any) -> None:
        if self.state.finish is not None:
            self.state.finish.confirm()
        self.update()

    def _on_cancel(self, _: Any) -> None:
        if self.state.finish is not None:
            self.state.finish.cancel()
        self.update()

    def close(self) -> None:
        """Stop following saves, then close the widget and its parts."""
        stop = getattr(self, "_stop_listening", None)
        if stop is not None:
            stop()
        for part in getattr(self, "_parts", []):
            part.close()
        super().close()


def journal_download(*, journal: JournalLike | None = None) -> JournalDownload:
    """A link that downloads the learner's journal as ``my_journal.jsonl`` in one click.

    In kiosk mode it also offers **Finish and clear** (see ``docs/kiosk.md``).
    """
    return JournalDownload(journal=journal)
