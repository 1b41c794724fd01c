"""Tools for rule authors: ``lint``, ``show`` and the generated rule catalogue (``docs``)."""
