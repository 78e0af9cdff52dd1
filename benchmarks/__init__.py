"""Benchmarks, run by hand from the checkout's root (``python -m
benchmarks.bench``), and ``benchmarks.corpus``: the generated corpora they
and the scale tests share."""
