"""LISES-kurset: data, scoring and Voilà exercises for the course on catching citizen utterances.

Modules are kept apart by concern: :mod:`lises.excerpts.model` (the conversation-excerpt data model
and loader) and :mod:`lises.excerpts.scoring` (pure scoring functions) never import ipywidgets; the
widget modules are thin views over them.
"""

__version__ = "0.1.0"
