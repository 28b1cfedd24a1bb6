"""Hostile portfolios, built in code: see corpus.py."""
