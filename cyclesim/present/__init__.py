"""What people read: plots of runs, sensitivity figures, the HTML report and its texts
in Dutch and English, and the story of the cycle in phases.

May import every layer below it (model to analysis); the web page and the CLI build on
it, never the other way round.
"""
