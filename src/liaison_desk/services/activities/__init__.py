"""services.activities: the activity book (活动记录簿), roll calls, members' contacts, checks and scores."""
