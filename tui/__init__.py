"""berita: a terminal news reader for sectioned news sites."""

__version__ = "0.1.0"
