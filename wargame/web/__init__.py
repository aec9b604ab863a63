"""Team pages: the facilitator's app serves each team a page in any browser on the venue network.

A small ASGI server (Starlette on uvicorn) runs beside the app on its own thread and its own
game, and goes through the game layer's use cases and visibility rules like every other
screen. :class:`~wargame.web.server.TeamPagesServer` is what the app and ``wargame serve``
start; nothing here is imported on the way to the first window.
"""
