#!/usr/bin/env python3
"""Differential reference for Ablate's override grammar: Hydra's own parser.

Reads a JSON list of override lines on stdin and prints a JSON list with one normalized
result per line (see `describe`). Glob sweeps are expanded against GLOB_OPTIONS, as if
those were the options of the config group. Shuffled sweeps report their values sorted
by their written form, since the order is random.
"""
import json
import sys

from hydra.core.override_parser.overrides_parser import OverridesParser
from hydra.core.override_parser.types import (
    ChoiceSweep,
    Glob,
    IntervalSweep,
    Override,
    QuotedString,
    RangeSweep,
)

GLOB_OPTIONS = ["craft", "dbnet", "dbnetpp", "resnet18", "resnet50", "tiny_a", "tiny_b", "Big"]

KINDS = {"CHANGE": "change", "ADD": "add", "FORCE_ADD": "forceAdd", "DEL": "delete"}


def typed(x):
    """A parsed element as JSON that keeps its Python type."""
    if x is None:
        return None
    if isinstance(x, QuotedString):
        return {"qstr": x.text, "quote": "'" if x.quote.name == "single" else '"'}
    if isinstance(x, bool):
        return {"bool": x}
    if isinstance(x, int):
        return {"int": str(x)}
    if isinstance(x, float):
        return {"float": repr(x)}
    if isinstance(x, str):
        return {"str": x}
    if isinstance(x, list):
        return [typed(v) for v in x]
    if isinstance(x, dict):
        return {"dict": [[k if isinstance(k, str) else Override._get_value_element_as_str(k), typed(v)]
                         for k, v in x.items()]}
    raise TypeError(f"not an element: {type(x).__name__}")


def describe(o):
    out = {"ok": True, "kind": KINDS[o.type.name], "key": o.key_or_group, "package": o.package}
    v = o._value
    if o.value_type is None:
        out["type"] = "none"
        return out
    out["type"] = {
        "ELEMENT": "element", "CHOICE_SWEEP": "choice", "SIMPLE_CHOICE_SWEEP": "simpleChoice",
        "GLOB_CHOICE_SWEEP": "glob", "RANGE_SWEEP": "range", "INTERVAL_SWEEP": "interval",
    }[o.value_type.name]
    if o.value_type.name == "ELEMENT":
        out["value"] = typed(v)
        out["string"] = o.get_value_element_as_str()
        return out
    if isinstance(v, IntervalSweep):
        out["interval"] = [repr(float(v.start)), repr(float(v.end))]
        out["tags"] = sorted(v.tags)
        return out
    if isinstance(v, Glob):
        names = v.filter(sorted(GLOB_OPTIONS))
        out["values"] = [typed(n) for n in names]
        out["strings"] = list(names)
        return out
    values = list(o.sweep_iterator())
    strings = [Override._get_value_element_as_str(x) for x in values]
    out["tags"] = sorted(v.tags)
    out["shuffle"] = bool(v.shuffle)
    if v.shuffle:
        pairs = sorted(zip(strings, [json.dumps(typed(x), sort_keys=True) for x in values]))
        strings = [s for s, _ in pairs]
        values = None
        out["values"] = [json.loads(t) for _, t in pairs]
    else:
        out["values"] = [typed(x) for x in values]
    out["strings"] = strings
    return out


def main():
    lines = json.load(sys.stdin)
    parser = OverridesParser.create()
    results = []
    for line in lines:
        try:
            [o] = parser.parse_overrides([line])
        except Exception as e:  # noqa: BLE001 - every failure is a rejection
            results.append({"ok": False, "stage": "parse", "error": str(e).splitlines()[0]})
            continue
        try:
            results.append(describe(o))
        except Exception as e:  # noqa: BLE001
            results.append({"ok": False, "stage": "expand", "error": f"{type(e).__name__}: {e}"})
    json.dump(results, sys.stdout)


if __name__ == "__main__":
    main()
