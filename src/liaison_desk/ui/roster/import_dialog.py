"""The roster import preview: confirm the column mapping, see new/updated/unchanged/error rows, apply."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QTableWidget,
    QVBoxLayout,
    QWidget,
)

from liaison_desk.errors import KnownError
from liaison_desk.ledger import roster_fields as rf
from liaison_desk.ledger.roster_import import (
    ERROR,
    NEW,
    UNCHANGED,
    UPDATED,
    ImportPlan,
    PlanRow,
    apply_plan,
    preview_file,
)
from liaison_desk.models.enums import Level
from liaison_desk.ui.common.ops import run_with_progress as run_job
from liaison_desk.ui.common.widgets import CodeCombo, show_error
from liaison_desk.ui.context import AppContext

Index = QModelIndex | QPersistentModelIndex
COLOURS = {NEW: "#1e7d32", UPDATED: "#1f5fa8", UNCHANGED: "#777777", ERROR: "#c0392b"}


class PreviewModel(QAbstractTableModel):
    """Rows of an import plan; error rows carry a check box: ticked = excluded from the import."""

    HEADERS = ("排除", "行号", "结果", "姓名", "说明")
    COL_EXCLUDE, COL_ROW, COL_ACTION, COL_NAME, COL_NOTE = range(5)

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.all_rows: list[PlanRow] = []
        self.rows: list[PlanRow] = []
        self.excluded: set[int] = set()
        self.only: str | None = None

    def set_plan(self, plan: ImportPlan) -> None:
        self.beginResetModel()
        self.all_rows = plan.rows
        self.excluded &= {r.row for r in plan.rows if r.action == ERROR}
        self.rows = [r for r in self.all_rows if self.only is None or r.action == self.only]
        self.endResetModel()

    def set_filter(self, action: str | None) -> None:
        self.beginResetModel()
        self.only = action
        self.rows = [r for r in self.all_rows if action is None or r.action == action]
        self.endResetModel()

    def exclude_all_errors(self) -> None:
        self.excluded = {r.row for r in self.all_rows if r.action == ERROR}
        if self.rows:
            self.dataChanged.emit(self.index(0, 0), self.index(len(self.rows) - 1, 0))

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self.HEADERS)

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal \
                and 0 <= section < len(self.HEADERS):
            return self.HEADERS[section]
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        base = super().flags(index)
        if index.isValid() and index.column() == self.COL_EXCLUDE and self.rows[index.row()].action == ERROR:
            return base | Qt.ItemFlag.ItemIsUserCheckable
        return base

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self.rows):
            return None
        r, col = self.rows[index.row()], index.column()
        if role == Qt.ItemDataRole.CheckStateRole and col == self.COL_EXCLUDE and r.action == ERROR:
            return Qt.CheckState.Checked if r.row in self.excluded else Qt.CheckState.Unchecked
        if role == Qt.ItemDataRole.DisplayRole:
            if col == self.COL_ROW:
                return str(r.row)
            if col == self.COL_ACTION:
                return r.label + ("（已排除）" if r.row in self.excluded else "")
            if col == self.COL_NAME:
                return r.name
            if col == self.COL_NOTE:
                return self.note(r)
        if role == Qt.ItemDataRole.ForegroundRole and col in (self.COL_ACTION, self.COL_NOTE):
            return QBrush(QColor(COLOURS[r.action]))
        if role == Qt.ItemDataRole.ToolTipRole and col == self.COL_NOTE:
            return self.note(r)
        return None

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:  # noqa: N802
        if role != Qt.ItemDataRole.CheckStateRole or not index.isValid() or index.column() != self.COL_EXCLUDE:
            return False
        r = self.rows[index.row()]
        if r.action != ERROR:
            return False
        checked = Qt.CheckState(value) == Qt.CheckState.Checked if not isinstance(value, bool) else value
        (self.excluded.add if checked else self.excluded.discard)(r.row)
        self.dataChanged.emit(index, self.index(index.row(), self.COL_ACTION))
        return True

    @staticmethod
    def note(r: PlanRow) -> str:
        if r.errors:
            return "；".join(f"「{col}」{msg}" for col, msg in r.errors)
        if r.changed:
            return "将更新：" + "、".join(r.changed)
        if r.action == NEW and r.record is not None:
            levels = "、".join(Level(e.level).short for e in r.record.levels)
            return "　".join(x for x in (levels, r.record.work_unit, r.record.group_name) if x)
        return ""


class RosterImportDialog(QDialog):
    """Shown after a workbook was read and compared: mapping, preview, and 导入 (all or nothing)."""

    def __init__(self, ctx: AppContext, plan: ImportPlan, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.plan = plan
        self.result_counts: dict[str, int] | None = None
        self.setWindowTitle("从 Excel 导入代表名册")
        self.resize(980, 640)
        self.source_label = QLabel()
        self.mapping_table = QTableWidget(1, 0)
        self.mapping_table.setVerticalHeaderLabels(["对应字段"])
        self.mapping_table.setFixedHeight(72)
        self.mapping_table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.recheck = QPushButton("按新的对应关系重新核对")
        self.recheck.clicked.connect(self._recheck)
        self.summary = QLabel()
        self.summary.setObjectName("summary")
        self.show_only = CodeCombo([(NEW, "只看新增"), (UPDATED, "只看更新"), (UNCHANGED, "只看无变化"),
                                    (ERROR, "只看有错误")], "显示全部")
        self.show_only.currentIndexChanged.connect(lambda _i: self.model.set_filter(self.show_only.code()))
        self.exclude_errors = QPushButton("排除所有有错误的行")
        self.exclude_errors.clicked.connect(self._exclude_errors)
        self.model = PreviewModel(self)
        self.model.dataChanged.connect(lambda *_: self._update())
        self.view = QTableView()
        self.view.setModel(self.model)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.verticalHeader().hide()
        self.view.horizontalHeader().setStretchLastSection(True)
        for col, width in ((0, 44), (1, 50), (2, 110), (3, 90)):
            self.view.setColumnWidth(col, width)
        self.import_button = QPushButton("导入")
        self.import_button.setDefault(True)
        self.import_button.clicked.connect(self._apply)
        cancel = QPushButton("取消")
        cancel.clicked.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(self.source_label)
        layout.addWidget(QLabel("表格中的列与名册字段的对应关系（可修改；选“不导入”则忽略该列）："))
        layout.addWidget(self.mapping_table)
        row = QHBoxLayout()
        row.addWidget(self.recheck)
        row.addStretch(1)
        layout.addLayout(row)
        row = QHBoxLayout()
        row.addWidget(self.summary, 1)
        row.addWidget(self.show_only)
        row.addWidget(self.exclude_errors)
        layout.addLayout(row)
        layout.addWidget(self.view, 1)
        buttons = QHBoxLayout()
        self.hint = QLabel()
        self.hint.setStyleSheet("color: #c0392b;")
        self.hint.setWordWrap(True)
        buttons.addWidget(self.hint, 1)
        buttons.addWidget(self.import_button)
        buttons.addWidget(cancel)
        layout.addLayout(buttons)
        self._set_plan(plan)

    # mapping ---------------------------------------------------------------------------------------
    def _build_mapping(self) -> None:
        src = self.plan.source
        columns = sorted(src.headers)
        self.mapping_table.setColumnCount(len(columns))
        self.mapping_table.setHorizontalHeaderLabels([src.headers[c] for c in columns])
        field_of = {idx: key for key, idx in self.plan.mapping.items()}
        self.combos: dict[int, QComboBox] = {}
        for j, col in enumerate(columns):
            combo = CodeCombo(((f.key, f.label) for f in rf.FIELDS), "不导入")
            combo.set_code(field_of.get(col))
            combo.currentIndexChanged.connect(lambda _i, c=col: self._field_chosen(c))
            self.mapping_table.setCellWidget(0, j, combo)
            self.combos[col] = combo

    def _field_chosen(self, col: int) -> None:
        """A field goes to one column only: the column that had it before is set to 不导入."""
        key = self.combos[col].currentData()
        if key:
            for other, combo in self.combos.items():
                if other != col and combo.currentData() == key:
                    combo.blockSignals(True)
                    combo.setCurrentIndex(0)
                    combo.blockSignals(False)

    def chosen_mapping(self) -> dict[str, int]:
        """{field key: column index} as the clerk set it (the left-most column wins a duplicate)."""
        mapping: dict[str, int] = {}
        for col, combo in sorted(self.combos.items()):
            key = combo.currentData()
            if key and key not in mapping:
                mapping[key] = col
        return mapping

    def set_field(self, column_header: str, key: str | None) -> None:
        """Map the file's column `column_header` to a field (for tests and keyboard users)."""
        for col, combo in self.combos.items():
            if self.plan.source.headers.get(col) == column_header:
                combo.setCurrentIndex(max(combo.findData(key), 0))

    def _recheck(self) -> None:
        mapping = self.chosen_mapping()
        if "name" not in mapping:
            show_error(self, KnownError("请为“姓名”指定表格中的一列"), "无法核对")
            return
        src = self.plan.source
        db = self.ctx.db
        run_job(self, "正在核对名册…", lambda progress: preview_file(db, src.file, src.sheet, mapping, progress),
                self._set_plan, lambda e, _tb: show_error(self, e, "无法核对"))

    # preview ---------------------------------------------------------------------------------------
    def _set_plan(self, plan: ImportPlan) -> None:
        self.plan = plan
        src = plan.source
        self.source_label.setText(f"文件「{Path(src.file).name}」　工作表「{src.sheet}」　表头在第 {src.header_row} 行"
                                  f"　共 {len(plan.rows)} 行代表")
        self._build_mapping()
        self.model.set_plan(plan)
        self._update()

    def remaining_errors(self) -> int:
        return sum(1 for r in self.plan.rows if r.action == ERROR and r.row not in self.model.excluded)

    def _update(self) -> None:
        p = self.plan
        errors = p.count(ERROR)
        conflicts = f"（其中身份证号冲突 {p.conflicts()} 行）" if p.conflicts() else ""
        self.summary.setText(f"新增 {p.count(NEW)} 名，更新 {p.count(UPDATED)} 名，无变化 {p.count(UNCHANGED)} 名，"
                             f"有错误 {errors} 行{conflicts}" + (f"（已排除 {len(self.model.excluded)} 行）"
                                                   if self.model.excluded else ""))
        remaining = self.remaining_errors()
        writes = p.count(NEW) + p.count(UPDATED)
        self.import_button.setEnabled(remaining == 0 and writes > 0)
        self.exclude_errors.setEnabled(errors > 0)
        if remaining:
            self.hint.setText(f"还有 {remaining} 行有错误：请改正表格后重新导入，或勾选“排除”不导入这些行。")
        elif not writes:
            self.hint.setText("名册与现有数据相同，没有需要导入的内容。")
        else:
            self.hint.setText("")

    def _exclude_errors(self) -> None:
        self.model.exclude_all_errors()
        self._update()

    def _apply(self) -> None:
        plan, excluded, db = self.plan, set(self.model.excluded), self.ctx.db
        run_job(self, "正在导入名册…", lambda progress: apply_plan(db, plan, excluded, progress), self._applied,
                lambda e, _tb: show_error(self, e, "导入失败，未写入任何数据"), writes=True)

    def _applied(self, counts: dict[str, int]) -> None:
        self.result_counts = counts
        self.accept()
