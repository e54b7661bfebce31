"""A record dialog: a form whose invalid field is explained right next to it, in Chinese."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from liaison_desk.errors import KnownError, ValidationError
from liaison_desk.ui.common.widgets import show_error


class FormDialog(QDialog):
    """Subclasses add rows with `add_row(label, widget)` and implement `save()` (returns the id)."""

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

    def save(self) -> str:
        raise NotImplementedError

    def _try_save(self) -> None:
        self.clear_errors()
        try:
            self.saved_id = self.save()
        except ValidationError as e:
            self.show_validation(e)
            return
        except KnownError as e:
            show_error(self, e, "保存失败")
            return
        self.accept()
