"""Model access: the OpenAI-compatible client, its cache and replay, and the embedded server.

Every model call of every stage goes through ``model.client``. May import only
the base modules; it knows nothing about articles or briefings.
"""
