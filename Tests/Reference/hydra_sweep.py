"""Runs a real Hydra 1.3 multirun (basic sweeper, basic launcher) and reports each job.

usage: hydra_sweep.py CONFIG_DIR CONFIG_NAME WORK_DIR OVERRIDE...

The app is a no-op that prints one JSON line per job: its number, the overrides the sweeper
handed it, its override_dirname and its output directory relative to WORK_DIR (Hydra runs with
WORK_DIR as its working directory, so `outputs/...` lands there).
"""
import json
import os
import sys

import hydra
from hydra.core.hydra_config import HydraConfig

config_dir, config_name, work_dir = sys.argv[1:4]
config_dir = os.path.abspath(config_dir)
os.chdir(work_dir)


@hydra.main(version_base="1.3", config_path=config_dir, config_name=config_name)
def job(cfg) -> None:
    h = HydraConfig.get()
    print(json.dumps({
        "num": h.job.num,
        "overrides": list(h.overrides.task),
        "dirname": h.job.override_dirname,
        "dir": os.path.relpath(h.runtime.output_dir, work_dir),
    }), flush=True)


sys.argv = [sys.argv[0], "--multirun", *sys.argv[4:]]
job()
