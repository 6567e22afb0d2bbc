"""Bridges to other negotiation tools; each module imports its tool only when it is imported.

``negotiation_rules.integrations.negmas`` needs the ``[negmas]`` extra.
"""
