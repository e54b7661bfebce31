"""本站信息: the region words (县/区/市/旗, 省/自治区/直辖市) and the province name of the station.

Existing stations keep every value; the new columns start as 县 and 省 with no province name.

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-02
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "0011"
down_revision: str | None = "0010"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("station", schema=None) as batch_op:
        batch_op.add_column(sa.Column("county_word", sqlmodel.sql.sqltypes.AutoString(length=20),
                                      nullable=False, server_default="county"))
        batch_op.add_column(sa.Column("province", sqlmodel.sql.sqltypes.AutoString(length=100),
                                      nullable=False, server_default=""))
        batch_op.add_column(sa.Column("province_word", sqlmodel.sql.sqltypes.AutoString(length=20),
                                      nullable=False, server_default="province"))


def downgrade() -> None:
    with op.batch_alter_table("station", schema=None) as batch_op:
        batch_op.drop_column("province_word")
        batch_op.drop_column("province")
        batch_op.drop_column("county_word")
