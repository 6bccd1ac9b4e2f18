"""Writes TensorBoard event files into the folder given, as real writers do, and prints what
was logged (JSON: file name -> [{tag, step, value, wall_time}], the numbers as float.hex()
strings so they are read back exactly) for a differential check.

- events.out.tfevents.<...> by tensorboardX's SummaryWriter (simple_value scalars, as PyTorch's
  SummaryWriter writes them), with a text and a histogram summary that are not scalars;
- events.out.tfevents.tf2 in TensorFlow 2's tensor form, built from tensorboardX's copies of
  TensorFlow's Event/Summary/TensorProto messages and framed by its RecordWriter: float scalars
  in float_val, double scalars in tensor_content, the "scalars" plugin metadata on a tag's first
  value only (as TensorFlow's writer does), and a string tensor of the text plugin.
TensorFlow itself is not needed.
"""
import json
import math
import os
import struct
import sys

import numpy as np
from tensorboardX import SummaryWriter
from tensorboardX.proto import event_pb2, summary_pb2, tensor_pb2, tensor_shape_pb2, types_pb2
from tensorboardX.record_writer import RecordWriter

folder = sys.argv[1]
logged = {}

writer = SummaryWriter(logdir=folder, filename_suffix=".x")
events = []
for step in range(0, 50, 7):
    for tag, value in [("train/loss", 1.0 / (step + 1)), ("val/hmean", 0.5 + step / 100.0 + 1e-7)]:
        wall_time = 1763712000.0 + step * 0.5
        writer.add_scalar(tag, value, global_step=step, walltime=wall_time)
        # simple_value is a float32.
        events.append({"tag": tag, "step": step, "value": float(np.float32(value)).hex(), "wall_time": wall_time.hex()})
writer.add_text("notes", "not a scalar", global_step=3)
writer.add_histogram("weights", np.arange(10.0), global_step=3)
writer.close()
(name,) = [n for n in os.listdir(folder) if n.endswith(".x")]
logged[name] = events

path = os.path.join(folder, "events.out.tfevents.tf2")
records = RecordWriter(path)
header = event_pb2.Event(wall_time=1763712000.0, file_version="brain.Event:2")
records.write(header.SerializeToString())
events = []
for step in range(5):
    wall_time = 1763712100.0 + step
    values = []
    for tag, dtype, value in [("tf2/loss", types_pb2.DT_FLOAT, 2.0 ** -step + 0.1),
                              ("tf2/score", types_pb2.DT_DOUBLE, math.pi * step + 1e-12)]:
        tensor = tensor_pb2.TensorProto(dtype=dtype, tensor_shape=tensor_shape_pb2.TensorShapeProto())
        if dtype == types_pb2.DT_FLOAT:
            tensor.float_val.append(value)
            value = float(np.float32(value))
        else:
            tensor.tensor_content = struct.pack("<d", value)
        summary_value = summary_pb2.Summary.Value(tag=tag, tensor=tensor)
        if step == 0:
            summary_value.metadata.plugin_data.plugin_name = "scalars"
        values.append(summary_value)
        events.append({"tag": tag, "step": step, "value": value.hex(), "wall_time": wall_time.hex()})
    text = tensor_pb2.TensorProto(dtype=types_pb2.DT_STRING, string_val=[b"hello"],
                                  tensor_shape=tensor_shape_pb2.TensorShapeProto())
    text_value = summary_pb2.Summary.Value(tag="tf2/notes", tensor=text)
    text_value.metadata.plugin_data.plugin_name = "text"
    values.append(text_value)
    event = event_pb2.Event(wall_time=wall_time, step=step, summary=summary_pb2.Summary(value=values))
    records.write(event.SerializeToString())
records.close()
logged["events.out.tfevents.tf2"] = events
print(json.dumps(logged))
