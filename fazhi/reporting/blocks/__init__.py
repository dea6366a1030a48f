"""Drafting blocks: each knows the metric keys it quotes and drafts its paragraph(s) the way the seed
reports write, as narrative text with live figure tokens (fazhi/reporting/figures.py).

A block module registers its block at import (``register_block``); :func:`all_blocks` imports them all.
Rules every block follows:

- a sub-clause whose figure is 0 is left out where the seeds would leave it out (“不予受理0件”);
- a figure without a value is never left out: its token stays and renders as “【待补充：…】”;
- optional sentences (e.g. a 清理 of documents, not done every year) appear only when at least one of
  their figures has a value, and say so in ``optional_keys``.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass

MODULES = (
    "reconsideration",
    "litigation",
    "normative",
    "decisions",
    "advisors",
    "enforcement",
    "disclosure",
    "complaints",
    "mediation",
    "training",
)


@dataclass(frozen=True)
class Block:
    key: str
    label: str
    keys: tuple[str, ...]  # figures always quoted
    draft: Callable  # (DraftContext) -> str
    optional_keys: tuple[str, ...] = ()


_BLOCKS: dict[str, Block] = {}


def register_block(block: Block) -> Block:
    _BLOCKS[block.key] = block
    return block


def _load() -> None:
    for name in MODULES:
        importlib.import_module(f"fazhi.reporting.blocks.{name}")


def all_blocks() -> list[Block]:
    _load()
    return [_BLOCKS[name] for name in MODULES if name in _BLOCKS]


def get_block(key: str) -> Block | None:
    _load()
    return _BLOCKS.get(key)


def block_choices() -> list[tuple[str, str]]:
    return [(b.key, b.label) for b in all_blocks()]


def draft_blocks(keys, context) -> str:
    """The narrative the blocks ``keys`` draft, paragraphs separated by a blank line."""
    texts = []
    for key in keys or ():
        block = get_block(key)
        if block is not None:
            text = block.draft(context).strip()
            if text:
                texts.append(text)
    return "\n\n".join(texts)
