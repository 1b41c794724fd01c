"""Data files shipped with jxrules (word lists, taxonomies), read with importlib.resources."""
