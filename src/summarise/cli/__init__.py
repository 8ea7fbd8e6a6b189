"""The command line: thin click commands that build one Settings and call the library.

The top layer: it may import everything, and nothing imports it.
"""
