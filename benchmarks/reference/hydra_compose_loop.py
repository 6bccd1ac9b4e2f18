"""Hydra's compose API in a loop, for scripts/bench config.

usage: hydra_compose_loop.py CONFIG_DIR CONFIG_NAME N [OVERRIDE ...]
Prints compose_ms_per_call=<ms> calls=<N> after one warm-up call.
"""
import os
import sys
import time

from hydra import compose, initialize_config_dir


def main() -> None:
    config_dir, config_name, n = sys.argv[1], sys.argv[2], int(sys.argv[3])
    overrides = sys.argv[4:]
    with initialize_config_dir(config_dir=os.path.abspath(config_dir), version_base="1.3"):
        compose(config_name=config_name, overrides=overrides)
        start = time.perf_counter()
        for _ in range(n):
            compose(config_name=config_name, overrides=overrides)
        elapsed = time.perf_counter() - start
    print(f"compose_ms_per_call={elapsed * 1000 / n:.4f} calls={n}")


if __name__ == "__main__":
    main()
