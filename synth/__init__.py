"""Synthetic specimen cards: rendered from any template, with fake people and phone-like damage.

Used by `samples/render.py`, the tests and the benchmarks; not part of the installed package.
"""
