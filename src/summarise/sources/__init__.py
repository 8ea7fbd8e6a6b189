"""Sources: reading input files into text, sentences with character offsets, and metadata.

Owns everything between a path on the command line and a ``Source`` whose
sentences are exact ``(start, end)`` spans of the file as decoded. May import
only the base modules (``errors``, ``settings``, ``schema``, ``prompts``,
``progress``); nothing here knows about models or briefings.
"""
