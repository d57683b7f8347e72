"""The dilemma exercise: cases, files, schema, scoring, session, HTML and the view."""
