"""Commands: serving the book and exercises, the Voilà server extensions, the PDF, the data
check."""
