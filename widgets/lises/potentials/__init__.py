"""The potentials exercise: items, files, schema, scoring, session, HTML and the view."""
