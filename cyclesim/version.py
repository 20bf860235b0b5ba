"""The model version that every output carries."""

__version__ = "0.1.0"
