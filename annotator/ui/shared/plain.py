"""Text from files and users shown as plain text, and long names elided, in every widget of the app.

Qt guesses: a QLabel, a QMessageBox or a tooltip whose text looks like HTML is rendered as HTML, so an
imported title ``<img src=...>`` would load a local image. ``install_plain_text`` puts one event filter
on the application that makes every label plain text unless its code asked for rich text explicitly,
and shows every tooltip (widgets' and item views') literally, cut to a readable length. Widgets that
need rich text set ``Qt.RichText`` and escape what they interpolate.

Names can be any length: a label or a combo box sized to its text would widen its dock, and with it
the window, to the longest name. ``ElidedLabel`` and ``keep_narrow`` stop that; the full text goes in
the tooltip.
"""

from __future__ import annotations

from html import escape

from PySide6.QtCore import QEvent, QObject, QSize, Qt
from PySide6.QtGui import QFontMetrics, QResizeEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QComboBox,
    QHeaderView,
    QLabel,
    QSizePolicy,
    QToolTip,
    QWidget,
)

TOOLTIP_MAX = 1000  # characters; a name of a million characters still gets a tooltip one can read
TEXT_MAX = 300  # characters of a name kept in a label before the widget elides it further


def shortened(text: str, limit: int = TEXT_MAX) -> str:
    """``text`` cut to ``limit`` characters with an ellipsis, so no widget lays out a megabyte."""
    return text if len(text) <= limit else text[: limit - 1] + "…"


def plain_tooltip(text: str) -> str:
    """Tooltip markup that shows ``text`` literally (escaped, line breaks kept, wrapped when long)."""
    if not text:
        return ""
    return f"<p style='white-space:pre-wrap'>{escape(shortened(text, TOOLTIP_MAX))}</p>"


def button_text(text: str, limit: int = 40) -> str:
    """A name as a button's text: cut to ``limit`` characters, an ampersand shown, not a mnemonic."""
    return shortened(text, limit).replace("&", "&&")


def window_title(text: str) -> str:
    """A name in a window title: "[*]" is Qt's modified-marker placeholder unless doubled."""
    return shortened(" ".join(text.split()), 200).replace("[*]", "[*][*]")


class ElidedLabel(QLabel):
    """A one-line plain-text label that elides to its width; the full text is in its tooltip when cut."""

    def __init__(self, text: str = "", parent: QWidget | None = None):
        super().__init__(parent)
        self._full = ""
        self._explanation = ""
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setText(text)

    def full_text(self) -> str:
        """The whole text, as given."""
        return self._full

    def setText(self, text: str) -> None:  # noqa: N802 - Qt's name
        """Show ``text``, elided to the label's width."""
        self.set_explained(text, "")

    def set_explained(self, text: str, explanation: str) -> None:
        """Show a short ``text`` (elided) whose tooltip always gives the longer ``explanation``."""
        self._full, self._explanation = text, explanation
        self._elide()

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt's name
        """As wide as the text, up to a readable line; never the width of a huge name."""
        metrics = self.fontMetrics()
        width = min(metrics.horizontalAdvance(shortened(self._full, 80)), 600)
        return QSize(width + 4, super().sizeHint().height())

    def minimumSizeHint(self) -> QSize:  # noqa: N802 - Qt's name
        """Narrow: the label gives way rather than widening its dock."""
        return QSize(self.fontMetrics().horizontalAdvance("Wo…"), super().minimumSizeHint().height())

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt's name
        """Re-elide to the new width."""
        super().resizeEvent(event)
        self._elide()

    def _elide(self) -> None:
        flat = shortened(self._full, 2 * TEXT_MAX).replace("\r", " ").replace("\n", " ")  # one line
        shown = QFontMetrics(self.font()).elidedText(flat, Qt.TextElideMode.ElideRight, max(self.width(), 1))
        super().setText(shown)
        cut = shown != flat or len(self._full) > len(flat)
        super().setToolTip(self._explanation or (self._full if cut else ""))


def keep_narrow(widget: QWidget, characters: int = 12) -> None:
    """Stop a widget from asking for the width of its text (a combo box's longest item, a label's name)."""
    if isinstance(widget, QComboBox):
        widget.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        widget.setMinimumContentsLength(characters)
        return
    policy = widget.sizePolicy()
    policy.setHorizontalPolicy(QSizePolicy.Policy.Ignored)
    widget.setSizePolicy(policy)
    widget.setMinimumWidth(widget.fontMetrics().horizontalAdvance("W" * characters) if characters else 0)


class PlainTextGuard(QObject):
    """Application event filter: labels default to plain text, tooltips are shown literally."""

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        """Make a label plain as it is first polished; show a tooltip escaped."""
        kind = event.type()
        if kind == QEvent.Type.Polish and isinstance(watched, QLabel):
            if watched.textFormat() == Qt.TextFormat.AutoText:
                watched.setTextFormat(Qt.TextFormat.PlainText)
        elif kind == QEvent.Type.ToolTip and isinstance(watched, QWidget):
            return self._show_tooltip(watched, event)
        return False

    def _show_tooltip(self, widget: QWidget, event: QEvent) -> bool:
        view = widget.parent()
        if isinstance(view, QAbstractItemView) and not isinstance(view, QHeaderView) and view.viewport() is widget:
            index = view.indexAt(event.pos())
            text = index.data(Qt.ItemDataRole.ToolTipRole) if index.isValid() else None
            if not text:
                QToolTip.hideText()
                event.ignore()
                return True
            QToolTip.showText(event.globalPos(), plain_tooltip(str(text)), widget, view.visualRect(index))
            return True
        text = widget.toolTip()
        if not text:
            return False  # Qt's own handling, as for a tab bar's or a menu's item tips
        QToolTip.showText(event.globalPos(), plain_tooltip(text), widget)
        return True


def install_plain_text(app: QApplication | None = None) -> PlainTextGuard:
    """Install the guard on the application once; later calls return the same one."""
    app = app or QApplication.instance()
    guard = getattr(app, "_plain_text_guard", None)
    if guard is None:
        guard = PlainTextGuard(app)
        app.installEventFilter(guard)
        app._plain_text_guard = guard  # keep it alive as long as the application
    return guard
