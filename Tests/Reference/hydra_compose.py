"""Composes configs with Hydra's compose API, one file per override set.

usage: hydra_compose.py CONFIG_DIR CONFIG_NAME CASES_JSON OUT_DIR

CASES_JSON holds a list of override lists. For case N, OUT_DIR/N.yaml receives the
composed task config, resolved, as YAML (key order kept), or OUT_DIR/N.err the error.
"""
import json
import os
import sys

import yaml
from hydra import compose, initialize_config_dir
from omegaconf import OmegaConf


def main() -> None:
    config_dir, config_name, cases_file, out_dir = sys.argv[1:5]
    with open(cases_file) as f:
        cases = json.load(f)
    with initialize_config_dir(config_dir=os.path.abspath(config_dir), version_base="1.3"):
        for i, overrides in enumerate(cases):
            try:
                cfg = compose(config_name=config_name, overrides=overrides)
                data = OmegaConf.to_container(cfg, resolve=True)
                text, suffix = yaml.safe_dump(data, sort_keys=False, allow_unicode=True), "yaml"
            except Exception as e:  # the error text is the result for this case
                text, suffix = f"{type(e).__name__}: {e}\n", "err"
            with open(os.path.join(out_dir, f"{i}.{suffix}"), "w") as f:
                f.write(text)


if __name__ == "__main__":
    main()
