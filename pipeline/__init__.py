"""slr-pipeline: reproducible systematic literature reviews."""

__version__ = "0.1.0"
