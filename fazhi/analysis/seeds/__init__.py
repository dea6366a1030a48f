"""The seven published reports of issue 6 (five files; 003 is an RSS feed of three) and gold.json —
byte-identical copies of shared/seeds, so tests, ``fazhi analyze --eval`` and the demo work in any clone."""

from pathlib import Path

SEEDS_DIR = Path(__file__).resolve().parent
GOLD = SEEDS_DIR / "gold.json"
REPORT_FILES = sorted(SEEDS_DIR.glob("00*.txt"))
