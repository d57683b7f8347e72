"""Workshop mode in Voilà: the answer store, the recorder, joining a workshop and the page's query
string."""
