"""The catching exercise (gribning): the turn-by-turn session, its Danish texts and the trainer
view."""
