"""Advise: the headline, the risks and the recommendations, chained on verdicts."""
