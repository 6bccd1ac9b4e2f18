"""Hydra's equivalent of `train` for scripts/bench config: an @hydra.main app over the
same configs/ tree (pass --config-path/--config-name on the command line)."""
import hydra
from omegaconf import DictConfig


@hydra.main(config_path=None, config_name=None, version_base="1.3")
def main(cfg: DictConfig) -> None:
    pass


if __name__ == "__main__":
    main()
