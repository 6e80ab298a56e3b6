"""What a classroom's servers allow at once: light to import, so that the command
line states the same defaults the servers keep."""

# `parley serve`: each browser tab runs a game of its own (50-70 MB), so it holds at most
SERVE_SESSIONS = 40  # this many at once (a class of 24 at eight tables, observers and a few spare),
SERVE_PER_ADDRESS = 4  # this many from one computer (a student's laptop with a spare tab or two),
SERVE_IDLE_MINUTES = 90  # and ends a tab's game after this long untouched (no key, no resize, no focus):
# longer than a double lesson, so that an observer's tab on the projector lasts the lesson.

# `parley host`: the connections it keeps open at once (seats, observers, and the
# connections that have not said hello yet); past it, the oldest of those that have not
# said hello are closed first.
HOST_CONNECTIONS = 400
