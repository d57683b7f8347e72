"""The conversation excerpts and their codings: the model, the files, the broker's own folder,
scoring against the key and the escaped HTML of a conversation and its feedback."""
