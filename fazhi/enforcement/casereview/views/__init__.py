"""Pages of 案卷评查: campaigns (views/campaigns.py), scoring a file (views/files.py), rubrics (views/rubrics.py)."""
