"""Quantitative claims, Qt-free: units, quantity proposals, summaries, charts for reports.

A claim's measure (what is counted, its unit and rate, the reference value and the comparison
the claim makes) and its observations are stored through `db.queries.measures`; this package
reads figures out of passages, converts them, summarises them and draws them.
"""
