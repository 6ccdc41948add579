"""Which rules module holds for a province at a date.

Modules register themselves with ``@register``. For one code there may be several
modules, each holding from its ``valid_from``; ``rules_for`` picks the latest one that
holds at ``as_of``. A later year's module is added as a new class (in the province's
file or a new file listed in ``MODULES``) without touching the earlier one.
"""
from __future__ import annotations

import dataclasses
import importlib
from datetime import date
from typing import Mapping

from .contract import ProvinceRules

NATIONAL = "national"
# The files that hold rule modules; imported on first use so that they can register.
MODULES = ("baseline", "jilin", "guangdong", "anhui")

_by_code: dict[str, list[type[ProvinceRules]]] = {}
_instances: dict[type[ProvinceRules], ProvinceRules] = {}
_adopted: dict[tuple, type[ProvinceRules]] = {}
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


def rules_for(code: str, as_of: date, adopted: Mapping[str, date] | None = None) -> ProvinceRules:
    """The rules holding for ``code`` at ``as_of`` (the caller's date: rules never choose "today").

    Unknown codes, and dates before a province's first module, get the national baseline:
    a module only holds from its own date, and before it the general rules applied.
    ``adopted``: the committee's adopted proposals (key → date it holds from, ``proposals.py``);
    those the module declares and that hold at ``as_of`` give the module with their settings.
    """
    _load()
    for code_tried in (code, NATIONAL):
        holding = [cls for cls in _by_code.get(code_tried, ()) if cls.valid_from <= as_of]
        if holding:
            return _with_adoptions(holding[-1], as_of, adopted or {})
    return _instance(_by_code[NATIONAL][0])


def _with_adoptions(cls: type[ProvinceRules], as_of: date, adopted: Mapping[str, date]) -> ProvinceRules:
    declared = {proposal.key: proposal for proposal in _instance(cls).proposals()}
    holding = tuple(sorted((key, day) for key, day in adopted.items() if key in declared and day <= as_of))
    if not holding:
        return _instance(cls)
    if (cls, holding) not in _adopted:
        changes = {}
        for key, _ in holding:
            changes.update(declared[key].changes)
        name = f"{cls.__qualname__}+{'+'.join(key for key, _ in holding)}"
        _adopted[(cls, holding)] = type(name, (cls,), {
            "__module__": cls.__module__, "__qualname__": name, "listed": False,
            "valid_from": max(cls.valid_from, max(day for _, day in holding)),
            "settings": dataclasses.replace(cls.settings, **changes), "adopted": holding,
            "adopted_from": cls})
    return _instance(_adopted[(cls, holding)])


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
