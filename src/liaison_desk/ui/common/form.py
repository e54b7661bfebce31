"""A record dialog: a form whose invalid field is explained right next to it, in Chinese.

`save()` reads the fields on the main thread and returns either the saved id or — the usual way — a
plain `store()` callable that calls the service; FormDialog runs that on the writer thread
(ui.common.ops), keeps the dialog open meanwhile, and accepts once it is stored.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEventLoop, QTimer, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from liaison_desk.errors import KnownError, StaleEdit, ValidationError
from liaison_desk.ui.common import ops
from liaison_desk.ui.common.widgets import FitsOnShow, show_error


class FormDialog(FitsOnShow, QDialog):
    """Subclasses add rows with `add_row(label, widget)` and implement `save()` (the id, or a callable
    that stores the record and returns its id, run off the GUI thread)."""

    save_finished = Signal()  # a save ended: stored (then accepted) or refused

    def __init__(self, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setMinimumWidth(520)
        self.form = QFormLayout()
        self.form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self._errors: dict[str, QLabel] = {}
        self._widgets: dict[str, QWidget] = {}
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save
                                        | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self._try_save)
        self.buttons.rejected.connect(self.reject)
        self.general_error = QLabel()
        self.general_error.setStyleSheet("color: #c0392b;")
        self.general_error.setWordWrap(True)
        self.general_error.hide()
        layout = QVBoxLayout(self)
        layout.addLayout(self.form)
        layout.addWidget(self.general_error)
        layout.addWidget(self.buttons)
        self.saved_id: str | None = None
        self.saving = False

    def new_form(self) -> QFormLayout:
        """A second (third …) column of fields: rows added with `add_row(..., form=it)`; the dialog
        places the layout itself (see VisitDialog, SessionDialog)."""
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        return form

    def add_row(self, label: str, widget: QWidget, form: QFormLayout | None = None) -> QWidget:
        """Add a labelled field (to `form`, else the main form); a ValidationError whose column is
        `label` is shown under it."""
        box = QWidget()
        v = QVBoxLayout(box)
        v.setContentsMargins(0, 0, 0, 0)
        v.setSpacing(2)
        v.addWidget(widget)
        err = QLabel()
        err.setStyleSheet("color: #c0392b;")
        err.setWordWrap(True)
        err.hide()
        v.addWidget(err)
        (form or self.form).addRow(label, box)
        self._errors[label] = err
        self._widgets[label] = widget
        return widget

    def clear_errors(self) -> None:
        for e in self._errors.values():
            e.hide()
        self.general_error.hide()

    def show_validation(self, error: KnownError) -> None:
        label = self._errors.get(error.column or "")
        if label is not None:
            label.setText(error.message)
            label.show()
            self._widgets[error.column or ""].setFocus()
        else:
            self.general_error.setText(str(error))
            self.general_error.show()

    def save(self) -> str | Callable[[], str]:
        raise NotImplementedError

    def _try_save(self) -> None:
        if self.saving:
            return
        self.clear_errors()
        try:
            outcome = self.save()
        except ValidationError as e:
            self.show_validation(e)
            return
        except StaleEdit as e:  # a form that stores on the main thread (the visit form)
            if self.can_save_over():
                self.resolve_stale(e)
            else:
                show_error(self, e, "保存失败")
            return
        except KnownError as e:
            show_error(self, e, "保存失败")
            return
        if not callable(outcome):
            self._stored(outcome)
            return
        self.saving = True
        self.buttons.setEnabled(False)
        ops.run(self, lambda _p: outcome(), self._stored, on_error=self._refused, writes=True)

    def _stored(self, saved_id: str) -> None:
        self.saving = False
        self.buttons.setEnabled(True)
        self.saved_id = saved_id
        self.after_save(saved_id)
        self.save_finished.emit()
        self.accept()

    def after_save(self, saved_id: str) -> None:
        """Main thread, once the record is stored (default: nothing)."""

    def _refused(self, error: Exception, tb: str) -> None:
        self.saving = False
        self.buttons.setEnabled(True)
        self.save_finished.emit()
        if isinstance(error, ValidationError):
            self.show_validation(error)
        elif isinstance(error, StaleEdit) and self.can_save_over():
            self.resolve_stale(error)
        elif isinstance(error, KnownError):
            show_error(self, error, "保存失败")
        else:
            ops.show_failure(self, error, tb)

    def can_save_over(self) -> bool:
        """True when `save_over(version)` can store this form over a newer stored version."""
        return False

    def save_over(self, version: int) -> None:
        """Save again, over the stored `version` (the clerk chose their own version of a conflict)."""

    def resolve_stale(self, error: StaleEdit) -> None:
        """Someone saved this record meanwhile: show both versions, save ours over it or take theirs."""
        from liaison_desk.ui.common.conflict import StaleEditDialog

        self.stale_dialog = StaleEditDialog(error, self)
        choice = self.stale_dialog.exec()
        self.stale_dialog = None
        if choice == StaleEditDialog.MINE:
            self.save_over(error.version)
        else:
            self.reject()  # theirs stays; the list shows it on its next refresh

    def wait_saved(self, msecs: int = 30000) -> bool:
        """Run the event loop until a save on its way has ended; True when the dialog was accepted."""
        if self.saving:
            loop = QEventLoop()
            self.save_finished.connect(loop.quit)
            QTimer.singleShot(msecs, loop.quit)
            loop.exec()
            self.save_finished.disconnect(loop.quit)
        return self.result() == QDialog.DialogCode.Accepted
