"""Optuna's pruners on fixed traces, trial after trial (sequentially).

stdin: {"cases": [{"id", "pruner": {"type", ...settings}, "direction", "study_name",
                   "trials": [{"trace": [[step, value], ...], "final": value}]}]}
stdout: {"<id>": [pruned step or null, per trial]}
A trial reports its trace in order and asks should_prune() after each report; a pruned trial
is told PRUNED, the others are told their final value.
"""
import json
import logging
import sys

import optuna

optuna.logging.set_verbosity(logging.ERROR)


def make_pruner(spec):
    kind = spec.pop("type")
    if kind == "median":
        return optuna.pruners.MedianPruner(**spec)
    if kind == "percentile":
        return optuna.pruners.PercentilePruner(**spec)
    if kind == "successive_halving":
        return optuna.pruners.SuccessiveHalvingPruner(**spec)
    if kind == "hyperband":
        return optuna.pruners.HyperbandPruner(**spec)
    raise SystemExit(f"unknown pruner {kind}")


def run(case):
    study = optuna.create_study(study_name=case["study_name"], direction=case["direction"],
                                pruner=make_pruner(dict(case["pruner"])))
    decisions = []
    for spec in case["trials"]:
        trial = study.ask()
        pruned_at = None
        for step, value in spec["trace"]:
            trial.report(float(value), int(step))
            if trial.should_prune():
                pruned_at = int(step)
                break
        if pruned_at is None:
            study.tell(trial, float(spec["final"]))
        else:
            study.tell(trial, state=optuna.trial.TrialState.PRUNED)
        decisions.append(pruned_at)
    return decisions


def main():
    cases = json.load(sys.stdin)["cases"]
    json.dump({"version": optuna.__version__, "decisions": {c["id"]: run(c) for c in cases}}, sys.stdout)


if __name__ == "__main__":
    main()
