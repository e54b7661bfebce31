"""On-time and satisfaction rates of suggestion handling for a chosen period."""

from __future__ import annotations

from datetime import date

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QFormLayout, QLabel, QVBoxLayout, QWidget

from liaison_desk.errors import KnownError
from liaison_desk.services.suggestions.deadlines import DeadlineService, percent
from liaison_desk.ui.common.widgets import date_edit


class StatsDialog(QDialog):
    def __init__(self, deadlines: DeadlineService, parent: QWidget | None = None, today: date | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("办理统计")
        self.svc = deadlines
        today = today or date.today()
        self.start, self.end = date_edit(), date_edit()
        self.start.setDate(date(today.year, 1, 1))
        self.end.setDate(today)
        self.result = QLabel()
        self.result.setWordWrap(True)
        self.result.setMinimumWidth(380)
        form = QFormLayout()
        form.addRow("开始日期", self.start)
        form.addRow("结束日期", self.end)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.result)
        layout.addWidget(buttons)
        self.start.dateChanged.connect(lambda _d: self.update_result())
        self.end.dateChanged.connect(lambda _d: self.update_result())
        self.update_result()

    def update_result(self) -> None:
        try:
            st = self.svc.stats(self.start.date().toPython(), self.end.date().toPython())
        except KnownError as e:
            self.result.setText(str(e))
            return
        self.result.setText(
            f"期间内答复 {st.replied} 件，其中按期答复 {st.on_time} 件，<b>按期答复率 {percent(st.on_time_rate)}</b><br>"
            f"期间内反馈 {st.feedback} 件：满意 {st.satisfied} 件，基本满意 {st.basic} 件，不满意 {st.unsatisfied} 件，"
            f"<b>满意率 {percent(st.satisfaction_rate)}</b>（满意与基本满意之和占反馈件数的比例）")
