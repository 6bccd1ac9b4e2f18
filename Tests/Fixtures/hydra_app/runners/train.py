"""A Hydra application as its authors wrote it; nothing in it knows about Ablate.

A small regression network trained by a plain torch loop that logs through Lightning's
CSVLogger and TensorBoardLogger (Lightning Fabric's, which pytorch_lightning's subclass:
Lightning's Trainer does not run on Debian's torch 1.13 under Python 3.11, its loggers do),
under Hydra's output directory. Every value it logs is also printed as one JSON line.
"""
import json

import hydra
import torch
from hydra.core.hydra_config import HydraConfig
from lightning_fabric.loggers import CSVLogger, TensorBoardLogger
from omegaconf import DictConfig


@hydra.main(version_base="1.3", config_path="../conf", config_name="config")
def main(cfg: DictConfig) -> None:
    output_dir = HydraConfig.get().runtime.output_dir
    torch.manual_seed(cfg.seed)
    inputs = torch.randn(256, 4)
    targets = (inputs @ torch.tensor([1.0, -2.0, 3.0, 0.5])).unsqueeze(1) + 0.1 * torch.randn(256, 1)
    train_x, train_y, val_x, val_y = inputs[:192], targets[:192], inputs[192:], targets[192:]
    model = torch.nn.Sequential(
        torch.nn.Linear(4, cfg.model.hidden), torch.nn.Tanh(), torch.nn.Linear(cfg.model.hidden, 1))
    optimizer = torch.optim.SGD(model.parameters(), lr=cfg.optim.lr)
    loggers = [CSVLogger(output_dir, name="csv"), TensorBoardLogger(output_dir, name="tb")]
    logged = []

    def log(metrics, step):
        for logger in loggers:
            logger.log_metrics(metrics, step=step)
        logged.append({"step": step, "metrics": metrics})

    step = 0
    for epoch in range(cfg.epochs):
        for start in range(0, len(train_x), cfg.batch):
            loss = torch.nn.functional.mse_loss(model(train_x[start:start + cfg.batch]),
                                                train_y[start:start + cfg.batch])
            optimizer.zero_grad()
            loss.backward()
            optimizer.step()
            log({"train_loss": loss.item()}, step)
            step += 1
        with torch.no_grad():
            val_mse = torch.nn.functional.mse_loss(model(val_x), val_y).item()
        log({"val/mse": val_mse, "val/score": 1.0 / (1.0 + val_mse), "epoch": epoch}, step - 1)
    for logger in loggers:
        logger.finalize("success")
    print(json.dumps({"output_dir": output_dir, "logged": logged}))


if __name__ == "__main__":
    main()
