"""summarise: cited, dispute-aware briefings of news articles from any OpenAI-compatible model."""

__version__ = "0.1.0"
