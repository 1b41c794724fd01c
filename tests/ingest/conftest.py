"""Every test here starts with empty caches (tests/fresh_caches.py)."""

from tests.fresh_caches import fresh_caches

__all__ = ["fresh_caches"]
