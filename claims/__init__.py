"""claims: text -> typed numeric claim records."""
EXTRACTOR_VERSION = "0.1.0"  # bump when extraction output changes (cache key)
