"""The extractor's tunables in one typed value: each stage's frozen config, with its reasons.

Vary one with `dataclasses.replace`, e.g. ``Config(align=replace(ALIGN, sure=0.7))``, and pass it
to an `Extractor`; benchmarks sweep values this way instead of editing code.
"""

from __future__ import annotations

from dataclasses import dataclass

from .alignment.config import ALIGN, AlignConfig
from .alignment.identify import IDENTIFY, IdentifyConfig
from .recognizers.config import ENGINE, EngineConfig


@dataclass(frozen=True)
class Config:
    """Every stage's tunables: `align` (finding, straightening and placing the document, with
    its fit rule), `identify` (how sure `template="auto"` must be) and `engine` (the embedded
    engine's detection, batching and reading plan, for the engines an `Extractor` builds)."""

    align: AlignConfig = ALIGN
    identify: IdentifyConfig = IDENTIFY
    engine: EngineConfig = ENGINE


DEFAULT = Config()
