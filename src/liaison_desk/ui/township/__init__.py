"""The township office's screens: who has reported, the review list, the stations."""
