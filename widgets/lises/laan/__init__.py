"""Lån et øre: comparing colleagues' codings, the key draft (annotation) and their views."""
