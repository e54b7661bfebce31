"""The Qt screens: the only package that imports PySide6. It calls services and shows their plain rows."""
