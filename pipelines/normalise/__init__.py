"""Normalisation shared by every extractor: text, numbers, dates, body HTML, URLs."""
