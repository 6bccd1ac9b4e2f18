"""The Optuna side of `scripts/bench tpe`: Optuna's TPESampler (defaults, seeded) on the same
functions and search spaces as TPEBench. Usage: tpe_optuna.py FUNCTION TRIALS SEED...
Prints `seed=<s> best=<value>` per seed: the noise-free value of the best observed trial."""
import logging
import math
import sys

import numpy as np
import optuna

optuna.logging.set_verbosity(logging.ERROR)


def branin(x):
    x1, x2 = x
    b, c, t = 5.1 / (4 * math.pi ** 2), 5 / math.pi, 1 / (8 * math.pi)
    return (x2 - b * x1 * x1 + c * x1 - 6) ** 2 + 10 * (1 - t) * math.cos(x1) + 10


ALPHA = [1.0, 1.2, 3.0, 3.2]
A = [[10, 3, 17, 3.5, 1.7, 8], [0.05, 10, 17, 0.1, 8, 14], [3, 3.5, 1.7, 10, 17, 8], [17, 8, 0.05, 10, 0.1, 14]]
P = [[1312, 1696, 5569, 124, 8283, 5886], [2329, 4135, 8307, 3736, 1004, 9991],
     [2348, 1451, 3522, 2883, 3047, 6650], [4047, 8828, 8732, 5743, 1091, 381]]


def hartmann6(x):
    return -sum(ALPHA[i] * math.exp(-sum(A[i][j] * (x[j] - P[i][j] * 1e-4) ** 2 for j in range(6))) for i in range(4))


def quadratic(x):
    return sum((a - c) ** 2 for a, c in zip(x, [1.5, -2.0, 0.5, 3.0]))


FUNCTIONS = {
    "branin": (branin, [(-5, 10), (0, 15)], 0.0),
    "hartmann6": (hartmann6, [(0, 1)] * 6, 0.0),
    "noisy_quadratic": (quadratic, [(-5, 5)] * 4, 0.5),
}


def run(name, trials, seed):
    function, bounds, sigma = FUNCTIONS[name]
    noise = np.random.default_rng(1000 + seed)
    clean = {}

    def objective(trial):
        x = [trial.suggest_float(f"x{i + 1}", lo, hi) for i, (lo, hi) in enumerate(bounds)]
        clean[trial.number] = function(x)
        return clean[trial.number] + sigma * noise.normal()

    study = optuna.create_study(sampler=optuna.samplers.TPESampler(seed=seed), direction="minimize")
    study.optimize(objective, n_trials=trials)
    return clean[study.best_trial.number]


def main():
    name, trials, seeds = sys.argv[1], int(sys.argv[2]), [int(s) for s in sys.argv[3:]]
    for seed in seeds:
        print(f"seed={seed} best={run(name, trials, seed)!r}")


if __name__ == "__main__":
    main()
