"""The reader's screens: the reader itself, help, and a trending story."""
