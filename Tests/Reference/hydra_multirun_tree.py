"""Runs real Hydra 1.3 multiruns (basic sweeper, basic launcher), one per case, in one process.

usage: hydra_multirun_tree.py CONFIG_DIR < CASES_JSON

CASES_JSON is a list of {"config": NAME, "dir": WORK_DIR, "overrides": [...]}. Each case runs
`app.py --multirun -cn NAME OVERRIDE... hydra/launcher=basic` with WORK_DIR as its working
directory, so Hydra lays out its sweep there as it would for a user (`multirun/<date>/<time>/N`
by default) and writes its own `.hydra/{config,hydra,overrides}.yaml` in every job's directory.
The job adds two files beside them, in the resolved form Ablate writes its `.hydra/config.yaml`
and `hydra.yaml` in: `.hydra/resolved.yaml`, the config it was handed
(`OmegaConf.to_yaml(cfg, resolve=True)`), and `.hydra/resolved_hydra.yaml`, the parts of its
hydra node the comparison reads (`hydra.job.num`, `hydra.job.override_dirname`,
`hydra.runtime.choices`). A case Hydra refuses leaves `WORK_DIR/hydra.err`.
"""
import json
import os
import sys

import hydra
from hydra.core.global_hydra import GlobalHydra
from hydra.core.hydra_config import HydraConfig
from omegaconf import OmegaConf

config_dir = os.path.abspath(sys.argv[1])
cases = json.load(sys.stdin)
start = os.getcwd()


def job(cfg) -> None:
    h = HydraConfig.get()
    out = h.runtime.output_dir
    with open(os.path.join(out, ".hydra", "resolved.yaml"), "w") as f:
        f.write(OmegaConf.to_yaml(cfg, resolve=True))
    node = {"hydra": {"job": {"num": h.job.num, "override_dirname": h.job.override_dirname},
                      "runtime": {"choices": OmegaConf.to_container(h.runtime.choices, resolve=True)}}}
    with open(os.path.join(out, ".hydra", "resolved_hydra.yaml"), "w") as f:
        f.write(OmegaConf.to_yaml(node))


for case in cases:
    os.chdir(case["dir"])
    app = hydra.main(version_base="1.3", config_path=config_dir, config_name=None)(job)
    sys.argv = ["app.py", "--multirun", "-cn", case["config"], *case["overrides"], "hydra/launcher=basic"]
    try:
        app()
    except SystemExit as e:  # Hydra reports an error on stderr and exits 1
        if e.code not in (0, None):
            with open("hydra.err", "w") as f:
                f.write(f"exit {e.code}\n")
    finally:
        GlobalHydra.instance().clear()
        os.chdir(start)
