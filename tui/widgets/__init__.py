"""The reader's widgets. They get plain model objects and post messages; none reads the store."""
