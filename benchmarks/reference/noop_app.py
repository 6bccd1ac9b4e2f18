"""Hydra reference for `scripts/bench launch`: a job that does nothing.

Run as `python noop_app.py 'x=range(60)' hydra/launcher=joblib hydra.launcher.n_jobs=2 -m`.
"""
import hydra


@hydra.main(version_base="1.3", config_path="conf", config_name="noop")
def main(cfg):
    return None


if __name__ == "__main__":
    main()
