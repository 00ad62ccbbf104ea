"""Building PDFs: one issue, or many at once, written so that nothing is lost."""
