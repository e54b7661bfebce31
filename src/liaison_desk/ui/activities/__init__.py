"""ui.activities: the 代表活动 tab, the activity form with its roll call, members and score rules."""
