"""A one-click download of the learner's journal, for the end of a lesson.

The link is rebuilt after every save made in this kernel (see
:func:`helpable.ui.state.workshop.on_save`); **Refresh** picks up saves made
in another tab. The logic is in :mod:`helpable.ui.state.download`.
"""

from __future__ import annotations

from typing import Any

import ipywidgets as widgets

from helpable.content.strings import say
from helpable.ui.state.download import DownloadState
from helpable.ui.state.workshop import JournalLike, SaveResult, on_save
from helpable.ui.widgets.common import LABEL_STYLE, button


class JournalDownload(widgets.HBox):
    """A labelled download link and a Refresh button. Parts: ``link``, ``refresh``;
    the logic is ``state``."""

    def __init__(self, *, journal: JournalLike | None = None) -> None:
        self.state = DownloadState(journal)
        self.link = widgets.HTML(description=say("journal.download.label"), style=LABEL_STYLE)
        self.refresh = button(
            say("journal.download.refresh"), say("journal.download.refresh_tooltip"), "refresh"
        )
        self.refresh.on_click(self._on_refresh)
        super().__init__([self.link, self.refresh])
        self.layout.align_items = "center"
        self.update()
        self._stop_listening = on_save(self._on_saved)

    def update(self) -> None:
        """Show the journal as it is now."""
        self.link.value = self.state.view().html

    def _on_refresh(self, _: Any) -> None:
        self.update()

    def _on_saved(self, _: SaveResult) -> None:
        self.update()

    def close(self) -> None:
        """Stop following saves, then close the widget and its parts."""
        stop = getattr(self, "_stop_listening", None)
        if stop is not None:
            stop()
        self.link.close()
        self.refresh.close()
        super().close()


def journal_download(*, journal: JournalLike | None = None) -> JournalDownload:
    """A link that downloads the learner's journal as ``my_journal.jsonl`` in one click."""
    return JournalDownload(journal=journal)
