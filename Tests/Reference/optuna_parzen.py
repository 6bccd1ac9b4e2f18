"""Optuna's univariate Parzen estimator (TPESampler's defaults) at given points.

stdin: {"cases": [{"id", "kind": "float"|"int"|"categorical", "low", "high", "log", "n_choices",
                   "observations": [...], "points": [...]}]}
stdout: {"<id>": [log_pdf at each point]}
Observations and points are internal values: the number itself, or a category's index.
"""
import json
import sys

import numpy as np
from optuna.distributions import CategoricalDistribution, FloatDistribution, IntDistribution
from optuna.samplers._tpe.parzen_estimator import _ParzenEstimator, _ParzenEstimatorParameters
from optuna.samplers._tpe.sampler import default_weights

PARAMETERS = _ParzenEstimatorParameters(prior_weight=1.0, consider_magic_clip=True, consider_endpoints=False,
                                        weights=default_weights, multivariate=False, categorical_distance_func={})


def distribution(case):
    if case["kind"] == "float":
        return FloatDistribution(case["low"], case["high"], log=case["log"])
    if case["kind"] == "int":
        return IntDistribution(int(case["low"]), int(case["high"]), log=case["log"])
    return CategoricalDistribution(list(range(case["n_choices"])))


def main():
    out = {}
    for case in json.load(sys.stdin)["cases"]:
        estimator = _ParzenEstimator({"x": np.array(case["observations"], dtype=float)}, {"x": distribution(case)}, PARAMETERS)
        out[case["id"]] = [float(v) for v in estimator.log_pdf({"x": np.array(case["points"], dtype=float)})]
    json.dump(out, sys.stdout)


if __name__ == "__main__":
    main()
