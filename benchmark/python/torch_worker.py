#!/usr/bin/python3
"""PyTorch contender of the side-by-side benchmark, driven by the Java harness over stdin/stdout.

A long-lived process so that the harness can interleave PyTorch with the Java contenders run by
run: every request is one JSON object on one line, every answer one JSON object on one line
(``{"error": ...}`` on failure). Nothing else is ever written to stdout.

Requests (``cmd``):
  hello                      -> versions, BLAS and OpenMP settings
  load     folder            -> loads DistilBertModel from folder/model.safetensors (the base model
                                part of a DistilBertForMaskedLM checkpoint, hand-written in
                                distilbert_torch.py) and folder/vocab.txt
  threads  n                 -> torch.set_num_threads(n) and openblas_set_num_threads(n)
  ids      key ids mask      -> stores a batch of token ids (lists of equal-length rows)
  texts    key texts         -> stores a list of sentences (lowercase ASCII: see WordPiece)
  tokenize key               -> the WordPiece ids of stored texts (for the parity check)
  run      op key n          -> runs op n times; answers {"ns": [...]} (perf_counter_ns per run)
  output   op key            -> one run's result as base64 little-endian float32 + shape
  quit
Ops: forward (ids -> last hidden state), embed (ids -> mean pool -> L2 normalise),
e2e (texts -> WordPiece -> forward -> mean pool -> L2 normalise).
"""

import base64
import ctypes
import json
import os
import sys
import time
from pathlib import Path

import numpy as np
import torch
import torch.nn.functional as F

sys.path.insert(0, str(Path(__file__).resolve().parent))
import distilbert_torch as dbt  # noqa: E402
import make_fixtures  # noqa: E402
import safetensors_io  # noqa: E402


def openblas():
    """The OpenBLAS torch calls through libblas.so.3 (None if it is another BLAS)."""
    for name in ("libblas.so.3", "libopenblas.so.0"):
        try:
            lib = ctypes.CDLL(name)
            lib.openblas_get_num_threads  # noqa: B018 - raises AttributeError if not OpenBLAS
            return lib
        except (OSError, AttributeError):
            continue
    return None


class Worker:
    def __init__(self):
        self.model = None
        self.tokenizer = None
        self.ids = {}
        self.texts = {}
        self.blas = openblas()

    def hello(self, _):
        info = {
            "torch": torch.__version__,
            "numpy": np.__version__,
            "python": sys.version.split()[0],
            "torch_threads": torch.get_num_threads(),
            "OMP_WAIT_POLICY": os.environ.get("OMP_WAIT_POLICY"),
            "OMP_NUM_THREADS": os.environ.get("OMP_NUM_THREADS"),
            "OPENBLAS_NUM_THREADS": os.environ.get("OPENBLAS_NUM_THREADS"),
            "blas": os.path.realpath("/usr/lib/x86_64-linux-gnu/libblas.so.3"),
        }
        if self.blas is not None:
            self.blas.openblas_get_config.restype = ctypes.c_char_p
            info["openblas_config"] = self.blas.openblas_get_config().decode()
            info["openblas_threads"] = self.blas.openblas_get_num_threads()
        return info

    def load(self, req):
        folder = Path(req["folder"])
        config = json.loads((folder / "config.json").read_text(encoding="utf-8"))
        cfg = dbt.DistilBertConfig(
            vocab_size=config["vocab_size"], max_position_embeddings=config["max_position_embeddings"],
            n_layers=config["n_layers"], n_heads=config["n_heads"], dim=config["dim"],
            hidden_dim=config["hidden_dim"], activation=config["activation"],
        )
        tensors = safetensors_io.load_file(folder / "model.safetensors")
        prefix = "distilbert."
        base = {k[len(prefix):]: v for k, v in tensors.items() if k.startswith(prefix)} or tensors
        model = dbt.DistilBertModel(cfg)
        missing, unexpected = model.load_state_dict(base, strict=False)
        if missing or unexpected:
            raise RuntimeError(f"checkpoint mismatch: missing {missing}, unexpected {unexpected}")
        self.model = model.eval()
        self.tokenizer = make_fixtures.WordPiece(folder / "vocab.txt")
        return {"parameters": sum(p.numel() for p in model.parameters())}

    def threads(self, req):
        n = int(req["n"])
        torch.set_num_threads(n)
        if self.blas is not None:
            self.blas.openblas_set_num_threads(n)
        return {"torch_threads": torch.get_num_threads(),
                "openblas_threads": None if self.blas is None else self.blas.openblas_get_num_threads()}

    def store_ids(self, req):
        self.ids[req["key"]] = (torch.tensor(req["ids"], dtype=torch.int64),
                                torch.tensor(req["mask"], dtype=torch.int64))
        return {}

    def store_texts(self, req):
        self.texts[req["key"]] = list(req["texts"])
        return {}

    def tokenize(self, req):
        return {"ids": [self.tokenizer.encode(t)[0] for t in self.texts[req["key"]]]}

    def _op(self, op, key):
        model = self.model
        if op == "forward":
            ids, mask = self.ids[key]
            return lambda: model(ids, mask)
        if op == "embed":
            ids, mask = self.ids[key]
            return lambda: F.normalize(dbt.mean_pool(model(ids, mask), mask), p=2, dim=1)
        if op == "e2e":
            texts = self.texts[key]

            def e2e():
                ids, mask, _ = make_fixtures.batch([self.tokenizer.encode(t) for t in texts])
                return F.normalize(dbt.mean_pool(model(ids, mask), mask), p=2, dim=1)
            return e2e
        raise ValueError(f"unknown op {op!r}")

    def run(self, req):
        fn = self._op(req["op"], req["key"])
        times = []
        with torch.inference_mode():
            for _ in range(int(req["n"])):
                start = time.perf_counter_ns()
                fn()
                times.append(time.perf_counter_ns() - start)
        return {"ns": times}

    def output(self, req):
        with torch.inference_mode():
            out = self._op(req["op"], req["key"])().contiguous().numpy().astype("<f4")
        return {"shape": list(out.shape), "data": base64.b64encode(out.tobytes()).decode("ascii")}


def main():
    # stdout is the protocol channel: anything a library prints goes to stderr instead.
    channel = sys.stdout
    sys.stdout = sys.stderr
    worker = Worker()
    handlers = {"hello": worker.hello, "load": worker.load, "threads": worker.threads, "ids": worker.store_ids,
                "texts": worker.store_texts, "tokenize": worker.tokenize, "run": worker.run, "output": worker.output}
    for line in sys.stdin:
        if not line.strip():
            continue
        try:
            req = json.loads(line)
            if req.get("cmd") == "quit":
                break
            answer = handlers[req["cmd"]](req)
        except Exception as e:  # noqa: BLE001 - every failure goes back to the harness
            answer = {"error": f"{type(e).__name__}: {e}"}
        channel.write(json.dumps(answer) + "\n")
        channel.flush()


if __name__ == "__main__":
    main()
