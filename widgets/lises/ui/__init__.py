"""View pieces shared by the exercises: the exercise shell (join form, saving), closing widgets, the
guide, charts."""
