"""Which rules module holds for a province at a date.

Modules register themselves with ``@register``. For one code there may be several
modules, each holding from its ``valid_from``; ``rules_for`` picks the latest one that
holds at ``as_of``. A later year's module is added as a new class (in the province's
file or a new file listed in ``MODULES``) without touching the earlier one.
"""
from __future__ import annotations

import importlib
from datetime import date

from .contract import ProvinceRules

NATIONAL = "national"
# The files that hold rule modules; imported on first use so that they can register.
MODULES = ("baseline", "jilin", "guangdong", "anhui")

_by_code: dict[str, list[type[ProvinceRules]]] = {}
_instances: dict[type[ProvinceRules], ProvinceRules] = {}
_loaded = False


def register(cls: type[ProvinceRules]) -> type[ProvinceRules]:
    """Class decorator: make ``cls`` available under ``cls.code`` from ``cls.valid_from``."""
    modules = _by_code.setdefault(cls.code, [])
    for existing in modules:
        if existing.valid_from == cls.valid_from:
            raise ValueError(f"{cls.code}: {existing.__qualname__} and {cls.__qualname__} both hold from {cls.valid_from}")
    modules.append(cls)
    modules.sort(key=lambda module: module.valid_from)
    return cls


def _load() -> None:
    global _loaded
    if not _loaded:
        for name in MODULES:
            importlib.import_module(f"{__package__}.{name}")
        _loaded = True


def _instance(cls: type[ProvinceRules]) -> ProvinceRules:
    # Rules objects hold no state, so one instance per module is shared.
    if cls not in _instances:
        _instances[cls] = cls()
    return _instances[cls]


def rules_for(code: str, as_of: date) -> ProvinceRules:
    """The rules holding for ``code`` at ``as_of`` (the caller's date: rules never choose "today").

    Unknown codes, and dates before a province's first module, get the national baseline:
    a module only holds from its own date, and before it the general rules applied.
    """
    _load()
    for code_tried in (code, NATIONAL):
        holding = [cls for cls in _by_code.get(code_tried, ()) if cls.valid_from <= as_of]
        if holding:
            return _instance(holding[-1])
    return _instance(_by_code[NATIONAL][0])


def registered_codes() -> tuple[str, ...]:
    """The provinces that have rule modules of their own (the baseline excluded), sorted.
    Modules with ``listed = False`` (a test suite's own module) are found by ``rules_for``
    but not listed here."""
    _load()
    return tuple(sorted(code for code, modules in _by_code.items()
                        if code != NATIONAL and any(getattr(cls, "listed", True) for cls in modules)))


def modules_for(code: str) -> tuple[type[ProvinceRules], ...]:
    """Every module registered for ``code``, oldest first."""
    _load()
    return tuple(_by_code.get(code, ()))
