#!/usr/bin/env python3
"""Differential reference for Ablate's override grammar: Hydra's own parser.

Reads a JSON list of override lines on stdin and prints a JSON list with one normalized
result per line (see `describe`). Glob sweeps are expanded against GLOB_OPTIONS, as if
those were the options of the config group. Shuffled sweeps report their values sorted
by their written form, since the order is random.
"""
import itertools
import json
import math
import resource
import sys

from hydra._internal.core_plugins.basic_sweeper import BasicSweeper
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

# Hydra enumerates any range it is given, even range(0,inf) (forever). Ablate refuses ranges
# of more than this many values, or with non-finite bounds; the reference refuses them too
# rather than exhausting the machine.
MAX_SWEEP_VALUES = 1_000_000

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


def job_lines(o, shuffled):
    """Each job's override line, as the basic sweeper builds them (sorted when shuffled)."""
    lines = [batch[0] for batch in BasicSweeper.split_arguments([o], None)[0]]
    return sorted(lines) if shuffled else lines


def describe(o):
    out = describe_value(o)
    if o.value_type is None or o.value_type.name not in ("GLOB_CHOICE_SWEEP", "INTERVAL_SWEEP"):
        out["jobs"] = job_lines(o, out.get("shuffle", False))
    return out


def describe_value(o):
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
    if isinstance(v, RangeSweep):
        bounds = [float(v.start), float(v.stop), float(v.step)]
        if not all(math.isfinite(b) for b in bounds):
            raise ValueError("range() bounds must be finite")
        if bounds[2] != 0 and math.ceil((bounds[1] - bounds[0]) / bounds[2]) > MAX_SWEEP_VALUES:
            raise ValueError("range() gives too many values")
    values = list(itertools.islice(o.sweep_iterator(), MAX_SWEEP_VALUES + 1))
    if len(values) > MAX_SWEEP_VALUES:
        raise ValueError("range() gives too many values")
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
    # A runaway sweep must fail here, not take the machine's memory.
    resource.setrlimit(resource.RLIMIT_AS, (4 << 30, 4 << 30))
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
