"""Privacy checks shared by the workshop and the importer: the free-text guard, name and place
lists, personal-data patterns, nicknames and codes."""
