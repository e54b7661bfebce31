"""The 本站信息 form: station name, region, address, directions, 站长, 联络员, phone (first start and 工具)."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QComboBox,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QWidget,
)

from liaison_desk.models.enums import CountyWord, ProvinceWord
from liaison_desk.services.station import FIELD_BY_KEY, WEEKDAY_NAMES, StationInfo, StationService
from liaison_desk.ui.common.form import FormDialog

INTRO = ("本站信息会印在公告、代表信息公示栏、接待安排表和交办函上。"
         "现在不填也可以，以后在「工具 → 本站信息」里随时修改。")
PLACEHOLDERS = {
    "name": "如：青石镇人大代表联络站", "province": "如：河北省", "county": "如：青山县", "township": "如：青石镇",
    "venue": "如：青石镇人大代表联络站活动室", "address": "如：青石镇人民政府院内一楼东侧",
    "directions": "如：乘 3 路公交到青石镇政府站下车，向北 100 米", "phone": "如：0315-5551234",
}


def _label(key: str) -> str:
    return FIELD_BY_KEY[key].label


class StationDialog(FormDialog):
    """Edit 本站信息; `first_start` adds the intro and a 以后再填 button that skips the form for good."""

    def __init__(self, station: StationService, first_start: bool = False, parent: QWidget | None = None) -> None:
        super().__init__("填写本站信息" if first_start else "本站信息", parent)
        self.station = station
        self.first_start = first_start
        info = station.info()
        self.edits: dict[str, QLineEdit] = {}
        intro = QLabel(INTRO)
        intro.setWordWrap(True)
        self.form.addRow(intro)
        self._line("name", info)
        self.province_word = self._words(ProvinceWord, info.province_word)
        self._pair("province", self.province_word, info)
        self.county_word = self._words(CountyWord, info.county_word)
        self._pair("county", self.county_word, info)
        for key in ("township", "venue", "address"):
            self._line(key, info)
        self.directions = QPlainTextEdit(info.directions)
        self.directions.setPlaceholderText(PLACEHOLDERS["directions"])
        self.directions.setTabChangesFocus(True)
        self.directions.setFixedHeight(self.fontMetrics().lineSpacing() * 3 + 12)
        self.add_row(_label("directions"), self.directions)
        for key in ("master", "deputy_master", "liaison_officer", "phone"):
            self._line(key, info)
        self.weekday = QComboBox()
        self.weekday.addItems(list(WEEKDAY_NAMES))
        self.weekday.setCurrentIndex(max(0, min(6, info.reception_weekday - 1)))
        self.add_row(_label("reception_weekday"), self.weekday)
        if first_start:
            self.later = self.buttons.addButton("以后再填", QDialogButtonBox.ButtonRole.RejectRole)
            cancel = self.buttons.button(QDialogButtonBox.StandardButton.Cancel)
            if cancel is not None:
                self.buttons.removeButton(cancel)
        self.edits["name"].setFocus()

    def _line(self, key: str, info: StationInfo) -> QLineEdit:
        edit = QLineEdit(str(getattr(info, key)) if info.saved or key != "name" else "")
        edit.setMaxLength(FIELD_BY_KEY[key].max_length)
        edit.setPlaceholderText(PLACEHOLDERS.get(key, ""))
        self.edits[key] = edit
        self.add_row(_label(key), edit)
        return edit

    def _pair(self, key: str, words: QComboBox, info: StationInfo) -> None:
        """A name and its region word on one row: [青山      ][县 ▾]."""
        edit = QLineEdit(str(getattr(info, key)))
        edit.setMaxLength(FIELD_BY_KEY[key].max_length)
        edit.setPlaceholderText(PLACEHOLDERS.get(key, ""))
        self.edits[key] = edit
        box = QWidget()
        row = QHBoxLayout(box)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(edit, 1)
        row.addWidget(QLabel("称谓"))
        row.addWidget(words)
        self.add_row(_label(key), box)
        self._widgets[_label(key)] = edit  # a validation error focuses the name
        edit.editingFinished.connect(lambda: self._guess_word(edit.text(), words))

    @staticmethod
    def _words(kind: type[CountyWord] | type[ProvinceWord], code: str) -> QComboBox:
        combo = QComboBox()
        for m in kind:
            combo.addItem(m.label, m.value)
        combo.setCurrentIndex(max(0, combo.findData(code)))
        return combo

    @staticmethod
    def _guess_word(name: str, words: QComboBox) -> None:
        """Typing 青山区 chooses 区 (the clerk may still change it)."""
        for i in sorted(range(words.count()), key=lambda i: -len(words.itemText(i))):
            if name.strip().endswith(words.itemText(i)) and len(name.strip()) > len(words.itemText(i)):
                words.setCurrentIndex(i)
                return

    def values(self) -> dict[str, object]:
        v: dict[str, object] = {k: e.text() for k, e in self.edits.items()}
        v["directions"] = self.directions.toPlainText()
        v["province_word"] = self.province_word.currentData()
        v["county_word"] = self.county_word.currentData()
        v["reception_weekday"] = self.weekday.currentIndex() + 1
        return v

    def save(self) -> str:
        return self.station.save_station(**self.values())

    def reject(self) -> None:
        if self.first_start:  # 以后再填 (or Esc): do not ask again; 工具 → 本站信息 stays
            from liaison_desk.errors import KnownError

            try:
                self.station.skip_setup()
            except KnownError:  # a read-only database: nothing to remember, nothing lost
                pass
        super().reject()
