"""本站信息: the form and its place in the 工具 menu and at the first start."""
