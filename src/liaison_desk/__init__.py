"""Liaison Desk (联络站工作台): offline ledgers for a people's-congress deputy liaison station."""

__version__ = "0.1.0"
APP_NAME = "联络站工作台"
APP_ID = "LiaisonDesk"
