"""Working-day calendar (official holidays and 调休) and statutory deadlines."""
