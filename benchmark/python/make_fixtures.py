#!/usr/bin/python3
"""Writes the PyTorch reference fixtures for DistilBERT-J's parity tests.

Default: the committed tiny fixtures under model-module/src/test/resources/fixtures/.
--base DIR: also DIR/distilbert-base-random (real distilbert-base-uncased shapes, random weights,
model.onnx, reference.safetensors); DIR is gitignored (benchmark/work).

Deterministic: weights come from torch.manual_seed, inputs from a fixed WordPiece encoding of fixed
sentences, and torch runs on one thread, so two runs write byte-identical files.
Each fixture is checked before the script returns: the written safetensors are read back with an
independent reader and the outputs recomputed bit for bit, and a float64 numpy re-implementation
must agree with torch within 1e-5.
"""

import argparse
import hashlib
import math
import os
import sys
import time
import unicodedata
from pathlib import Path

import numpy as np
import torch

sys.path.insert(0, str(Path(__file__).resolve().parent))
import distilbert_torch as dbt  # noqa: E402
import safetensors_io  # noqa: E402

REPO = Path(__file__).resolve().parents[2]
DEFAULT_OUT = REPO / "model-module" / "src" / "test" / "resources" / "fixtures"
DEFAULT_VOCAB = Path(os.environ.get("SHARED_DIR", "/work/shared")) / "data" / "bert-base-uncased" / "vocab.txt"
NUMPY_TOLERANCE = 1e-5

PAD, UNK, CLS, SEP, MASK = "[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]"

# Lowercase ASCII on purpose: the greedy WordPiece below implements exactly BERT's uncased
# BasicTokenizer + WordpieceTokenizer for this subset (no accents, no CJK, no control chars).
SENTENCES = [
    "the capital of france is [MASK] .",
    "hello world",
    "a pure java engine runs distilbert on the cpu , and the [MASK] never leaves the jvm !",
    "unbelievably , tokenization splits uncommon words into [MASK] pieces .",
]
PAIRS = [
    ("how old are you ?", "i am six years old ."),
    ("is it raining ?", "no"),
    ("which library runs bert in java without native code ?", "this one , using the vector api ."),
]
# A re-ranking request as TEI's /rerank receives it: one query, texts of different lengths (the
# cross-encoder fixtures run the pairs (query, text) in one right-padded batch). api-module's
# RerankParityTest sends these same strings, so keep them in step.
RERANK_QUERY = "what is deep learning ?"
RERANK_TEXTS = [
    "deep learning is a subfield of machine learning based on neural networks with many layers .",
    "cheese",
    "the weather in paris was mild and sunny for most of the week , with a little rain on sunday "
    "evening and strong winds near the coast .",
    "neural networks learn representations",
    "is it ?",
]
BASE_TEXT = (
    "distilbert is a small , fast , cheap and light transformer model trained by distilling bert base . "
    "it has forty percent less parameters than bert base uncased , runs sixty percent faster while "
    "preserving over ninety five percent of bert ' s performances as measured on the glue language "
    "understanding benchmark ."
)


# ---------------------------------------------------------------- tokenization


class WordPiece:
    def __init__(self, vocab_path: Path):
        tokens = vocab_path.read_text(encoding="utf-8").split("\n")
        if tokens and tokens[-1] == "":
            tokens.pop()
        self.ids = {t: i for i, t in enumerate(tokens)}
        self.size = len(tokens)

    def _basic(self, text):
        words = []
        for chunk in text.lower().split():
            if chunk == MASK.lower():
                words.append(MASK)
                continue
            current = ""
            for ch in chunk:
                if not ch.isascii():
                    raise ValueError(f"fixture text must be ASCII, got {ch!r}")
                if unicodedata.category(ch).startswith("P") or ch in "$+<=>^`|~":
                    if current:
                        words.append(current)
                    words.append(ch)
                    current = ""
                else:
                    current += ch
            if current:
                words.append(current)
        return words

    def _wordpiece(self, word):
        if word in (MASK,):
            return [self.ids[word]]
        if len(word) > 100:
            return [self.ids[UNK]]
        pieces, start = [], 0
        while start < len(word):
            end = len(word)
            found = None
            while start < end:
                piece = word[start:end] if start == 0 else "##" + word[start:end]
                if piece in self.ids:
                    found = self.ids[piece]
                    break
                end -= 1
            if found is None:
                return [self.ids[UNK]]
            pieces.append(found)
            start = end
        return pieces

    def tokenize(self, text):
        return [i for w in self._basic(text) for i in self._wordpiece(w)]

    def encode(self, text, pair=None):
        a = self.tokenize(text)
        ids = [self.ids[CLS]] + a + [self.ids[SEP]]
        types = [0] * len(ids)
        if pair is not None:
            b = self.tokenize(pair) + [self.ids[SEP]]
            ids += b
            types += [1] * len(b)
        return ids, types


def batch(encodings):
    """Right-pads [(ids, types)] with [PAD]=0, mask 0 and token type 0."""
    length = max(len(ids) for ids, _ in encodings)
    input_ids = torch.zeros((len(encodings), length), dtype=torch.int64)
    attention_mask = torch.zeros_like(input_ids)
    token_type_ids = torch.zeros_like(input_ids)
    for row, (ids, types) in enumerate(encodings):
        input_ids[row, : len(ids)] = torch.tensor(ids)
        attention_mask[row, : len(ids)] = 1
        token_type_ids[row, : len(ids)] = torch.tensor(types)
    return input_ids, attention_mask, token_type_ids


# ---------------------------------------------------------------- weights


# Fan-in whose N(0, 0.02) weights give the activation scale of distilbert-base (dim 768).
REFERENCE_FAN_IN = 768


def linear_std(fan_in: int) -> float:
    """0.02 for the base shapes; widened for narrow layers so that a tiny model has base-like
    pre-activation scales. At dim 32 and std 0.02 the attention is uniform and GELU inputs stay
    near 0, where erf- and tanh-GELU agree to 1e-7: the fixtures could not tell them apart."""
    return 0.02 * max(1.0, math.sqrt(REFERENCE_FAN_IN / fan_in))


def init_weights(model: torch.nn.Module, seed: int):
    """Every parameter random so every one is exercised: embeddings and biases N(0, 0.02),
    Linear weights N(0, linear_std(fan_in)), LayerNorm gamma 1 + N(0, 0.1), beta N(0, 0.02)."""
    generator = torch.Generator().manual_seed(seed)
    layer_norms = {name for name, m in model.named_modules() if isinstance(m, torch.nn.LayerNorm)}
    linears = {name: m.in_features for name, m in model.named_modules() if isinstance(m, torch.nn.Linear)}
    seen = set()
    with torch.no_grad():
        for name, p in model.named_parameters():  # named_parameters skips tied duplicates
            if id(p) in seen:
                continue
            seen.add(id(p))
            owner, _, kind = name.rpartition(".")
            noise = torch.empty_like(p)
            if owner in layer_norms and kind == "weight":
                p.copy_(1.0 + noise.normal_(0.0, 0.1, generator=generator))
            elif owner in linears and kind == "weight":
                p.copy_(noise.normal_(0.0, linear_std(linears[owner]), generator=generator))
            else:
                p.copy_(noise.normal_(0.0, 0.02, generator=generator))


def checkpoint_tensors(model: torch.nn.Module):
    """state_dict as Hugging Face saves safetensors: a tied projector is dropped (shared tensor)."""
    tensors = {k: v.detach().clone() for k, v in model.state_dict().items()}
    if isinstance(model, dbt.DistilBertForMaskedLM) and model.config.ties_projector:
        del tensors["vocab_projector.weight"]
    return tensors


def load_checkpoint(model: torch.nn.Module, tensors):
    missing, unexpected = model.load_state_dict(tensors, strict=False)
    allowed = set()
    if isinstance(model, dbt.DistilBertForMaskedLM) and model.config.ties_projector:
        allowed = {"vocab_projector.weight"}
    if unexpected or set(missing) - allowed:
        raise RuntimeError(f"checkpoint mismatch: missing {missing}, unexpected {unexpected}")
    if allowed:
        model.tie_weights()


def round_trip(tensors, dtype):
    """Weights rounded to dtype (round to nearest even) and back to fp32."""
    return {k: (v.to(dtype).to(torch.float32) if v.is_floating_point() else v) for k, v in tensors.items()}


# ---------------------------------------------------------------- reference outputs


def run_model(model, input_ids, attention_mask, token_type_ids=None):
    """The reference tensors for one model (everything but the inputs)."""
    model.eval()
    out = {}
    with torch.no_grad():
        if isinstance(model, dbt.BertModel):
            hidden, pooled = model(input_ids, attention_mask, token_type_ids)
            out["pooler_output"] = pooled
        elif isinstance(model, dbt.BertForSequenceClassification):
            logits, hidden, pooled = model(input_ids, attention_mask, token_type_ids)
            out["pooler_output"] = pooled
            out["classifier_logits"] = logits
        elif isinstance(model, dbt.DistilBertModel):
            hidden = model(input_ids, attention_mask)
        elif isinstance(model, dbt.DistilBertForMaskedLM):
            logits, hidden = model(input_ids, attention_mask)
            positions = (input_ids == 103).nonzero()
            if positions.numel() == 0:
                raise ValueError("MLM fixture inputs contain no [MASK]")
            out["mlm_positions"] = positions.to(torch.int64)
            out["mlm_logits"] = logits[positions[:, 0], positions[:, 1]].contiguous()
        elif isinstance(model, dbt.DistilBertForSequenceClassification):
            logits, hidden = model(input_ids, attention_mask)
            out["classifier_logits"] = logits
        else:
            raise TypeError(type(model))
        out["last_hidden_state"] = hidden.contiguous()
        out["pooled_mean"] = dbt.mean_pool(hidden, attention_mask)
        out["pooled_cls"] = dbt.cls_pool(hidden).contiguous()
    return out


# ---------------------------------------------------------------- independent numpy float64 model


def _np_layer_norm(x, gamma, beta, eps):
    mean = x.mean(-1, keepdims=True)
    var = ((x - mean) ** 2).mean(-1, keepdims=True)
    return (x - mean) / np.sqrt(var + eps) * gamma + beta


_erf = np.vectorize(math.erf, otypes=[np.float64])


def _np_gelu(x):
    return 0.5 * x * (1.0 + _erf(x / math.sqrt(2.0)))


def _np_linear(x, w, b):
    return x @ w.T + b


def _np_attention(x, mask_row, wq, bq, wk, bk, wv, bv, heads):
    """One sequence (length, dim); keys where mask_row == 0 are left out of the softmax."""
    length, dim = x.shape
    d = dim // heads
    q = _np_linear(x, wq, bq).reshape(length, heads, d).transpose(1, 0, 2)
    k = _np_linear(x, wk, bk).reshape(length, heads, d).transpose(1, 0, 2)
    v = _np_linear(x, wv, bv).reshape(length, heads, d).transpose(1, 0, 2)
    keep = mask_row.astype(bool)
    scores = q @ k[:, keep].transpose(0, 2, 1) / math.sqrt(d)
    scores -= scores.max(-1, keepdims=True)
    p = np.exp(scores)
    p /= p.sum(-1, keepdims=True)
    return (p @ v[:, keep]).transpose(1, 0, 2).reshape(length, dim)


def numpy_distilbert(sd, config, input_ids, attention_mask, prefix):
    w = {k: v.double().numpy() for k, v in sd.items()}
    ids, mask = input_ids.numpy(), attention_mask.numpy()
    p = prefix
    out = []
    for b in range(ids.shape[0]):
        x = w[p + "embeddings.word_embeddings.weight"][ids[b]]
        x = x + w[p + "embeddings.position_embeddings.weight"][: ids.shape[1]]
        x = _np_layer_norm(x, w[p + "embeddings.LayerNorm.weight"], w[p + "embeddings.LayerNorm.bias"], 1e-12)
        for i in range(config.n_layers):
            L = f"{p}transformer.layer.{i}."
            a = L + "attention."
            ctx = _np_attention(x, mask[b], w[a + "q_lin.weight"], w[a + "q_lin.bias"], w[a + "k_lin.weight"],
                                w[a + "k_lin.bias"], w[a + "v_lin.weight"], w[a + "v_lin.bias"], config.n_heads)
            sa = _np_layer_norm(_np_linear(ctx, w[a + "out_lin.weight"], w[a + "out_lin.bias"]) + x,
                                w[L + "sa_layer_norm.weight"], w[L + "sa_layer_norm.bias"], 1e-12)
            h = _np_gelu(_np_linear(sa, w[L + "ffn.lin1.weight"], w[L + "ffn.lin1.bias"]))
            x = _np_layer_norm(_np_linear(h, w[L + "ffn.lin2.weight"], w[L + "ffn.lin2.bias"]) + sa,
                               w[L + "output_layer_norm.weight"], w[L + "output_layer_norm.bias"], 1e-12)
        out.append(x)
    return np.stack(out), w


def numpy_bert(sd, config, input_ids, attention_mask, token_type_ids, prefix=""):
    w = {k[len(prefix):]: v.double().numpy() for k, v in sd.items() if k.startswith(prefix)}
    ids, mask, types = input_ids.numpy(), attention_mask.numpy(), token_type_ids.numpy()
    eps = config.layer_norm_eps
    hidden = []
    for b in range(ids.shape[0]):
        x = (w["embeddings.word_embeddings.weight"][ids[b]] + w["embeddings.token_type_embeddings.weight"][types[b]]
             + w["embeddings.position_embeddings.weight"][: ids.shape[1]])
        x = _np_layer_norm(x, w["embeddings.LayerNorm.weight"], w["embeddings.LayerNorm.bias"], eps)
        for i in range(config.num_hidden_layers):
            L = f"encoder.layer.{i}."
            s = L + "attention.self."
            ctx = _np_attention(x, mask[b], w[s + "query.weight"], w[s + "query.bias"], w[s + "key.weight"],
                                w[s + "key.bias"], w[s + "value.weight"], w[s + "value.bias"],
                                config.num_attention_heads)
            o = L + "attention.output."
            att = _np_layer_norm(_np_linear(ctx, w[o + "dense.weight"], w[o + "dense.bias"]) + x,
                                 w[o + "LayerNorm.weight"], w[o + "LayerNorm.bias"], eps)
            h = _np_gelu(_np_linear(att, w[L + "intermediate.dense.weight"], w[L + "intermediate.dense.bias"]))
            x = _np_layer_norm(_np_linear(h, w[L + "output.dense.weight"], w[L + "output.dense.bias"]) + att,
                               w[L + "output.LayerNorm.weight"], w[L + "output.LayerNorm.bias"], eps)
        hidden.append(x)
    hidden = np.stack(hidden)
    pooled = np.tanh(_np_linear(hidden[:, 0], w["pooler.dense.weight"], w["pooler.dense.bias"]))
    return hidden, pooled


def numpy_reference(model, tensors, inputs):
    """float64 outputs for the same tensors/inputs, written without torch's modules."""
    input_ids, attention_mask = inputs["input_ids"], inputs["attention_mask"]
    out = {}
    if isinstance(model, dbt.BertModel):
        hidden, pooled = numpy_bert(tensors, model.config, input_ids, attention_mask, inputs["token_type_ids"])
        out["pooler_output"] = pooled
    elif isinstance(model, dbt.BertForSequenceClassification):
        hidden, pooled = numpy_bert(tensors, model.config, input_ids, attention_mask, inputs["token_type_ids"],
                                    prefix="bert.")
        out["pooler_output"] = pooled
        out["classifier_logits"] = _np_linear(pooled, tensors["classifier.weight"].double().numpy(),
                                              tensors["classifier.bias"].double().numpy())
    else:
        prefix = "" if isinstance(model, dbt.DistilBertModel) else "distilbert."
        hidden, w = numpy_distilbert(tensors, model.config, input_ids, attention_mask, prefix)
        if isinstance(model, dbt.DistilBertForMaskedLM):
            pos = (input_ids == 103).nonzero().numpy()
            x = _np_gelu(_np_linear(hidden[pos[:, 0], pos[:, 1]], w["vocab_transform.weight"],
                                    w["vocab_transform.bias"]))
            x = _np_layer_norm(x, w["vocab_layer_norm.weight"], w["vocab_layer_norm.bias"], 1e-12)
            projector = w.get("vocab_projector.weight", w["distilbert.embeddings.word_embeddings.weight"])
            out["mlm_logits"] = _np_linear(x, projector, w["vocab_projector.bias"])
        if isinstance(model, dbt.DistilBertForSequenceClassification):
            x = np.maximum(_np_linear(hidden[:, 0], w["pre_classifier.weight"], w["pre_classifier.bias"]), 0.0)
            out["classifier_logits"] = _np_linear(x, w["classifier.weight"], w["classifier.bias"])
    m = attention_mask.numpy()[..., None].astype(np.float64)
    out["last_hidden_state"] = hidden
    out["pooled_mean"] = (hidden * m).sum(1) / m.sum(1)
    out["pooled_cls"] = hidden[:, 0]
    return out


# ---------------------------------------------------------------- writing and checking


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def write_folder(folder: Path, model, tensors, dtype, inputs, vocab_path: Path):
    """Writes config.json, model.safetensors (dtype), vocab.txt and reference.safetensors."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "config.json").write_text(model.config.to_json_string(), encoding="utf-8")
    stored = {k: (v.to(dtype) if v.is_floating_point() else v) for k, v in tensors.items()}
    safetensors_io.save_file(stored, folder / "model.safetensors")
    (folder / "vocab.txt").write_bytes(vocab_path.read_bytes())

    # The reference is what torch computes from exactly the stored weights.
    load_checkpoint(model, round_trip(stored, torch.float32))
    reference = dict(inputs)
    reference.update(run_model(model, **inputs))
    safetensors_io.save_file(reference, folder / "reference.safetensors")
    return reference


def verify_folder(folder: Path, make_model, reference):
    """Reads the folder back with the reader, recomputes in a fresh model, and cross-checks numpy."""
    stored = safetensors_io.load_file(folder / "model.safetensors")
    weights = round_trip(stored, torch.float32)
    model = make_model()
    load_checkpoint(model, weights)
    ref = safetensors_io.load_file(folder / "reference.safetensors")
    if set(ref) != set(reference):
        raise AssertionError(f"{folder.name}: reference keys {sorted(ref)} != {sorted(reference)}")
    for k in reference:
        if not torch.equal(ref[k], reference[k]):
            raise AssertionError(f"{folder.name}: {k} did not read back identically")
    inputs = {k: ref[k] for k in ("input_ids", "attention_mask", "token_type_ids") if k in ref}
    recomputed = run_model(model, **inputs)
    for k, v in recomputed.items():
        if not torch.equal(v, ref[k]):
            raise AssertionError(f"{folder.name}: {k} recomputed from the files differs")
    figures = {}
    for k, v in numpy_reference(model, weights, inputs).items():
        diff = float(np.max(np.abs(v - ref[k].double().numpy())))
        figures[k] = diff
        if not diff < NUMPY_TOLERANCE:
            raise AssertionError(f"{folder.name}: {k} numpy float64 vs torch max |diff| {diff:.3g}")
    return figures


TINY_DISTILBERT = dict(vocab_size=30522, dim=32, n_layers=2, n_heads=4, hidden_dim=64, max_position_embeddings=64)
TINY_BERT = dict(vocab_size=30522, hidden_size=32, num_hidden_layers=2, num_attention_heads=4,
                 intermediate_size=64, max_position_embeddings=64, type_vocab_size=2)


# The one-label heads' weights scaled up: at the initial scale the random cross-encoders' logits are
# about 0.06 and every pair scores within 0.01 of the others (the [CLS] states of a random tiny model
# differ little), so a 1e-4 tolerance would be loose; x20 the logits are 1-2 in size, 0.23-0.36 apart.
CROSS_ENCODER_GAIN = {"bert-tiny-cross": 20.0, "distilbert-tiny-cross": 20.0}


def tiny_fixtures():
    """(folder name, model factory, weight seed, stored dtype, inputs: single | pairs | rerank;
    BERT models also get token_type_ids)."""
    untied = dbt.DistilBertConfig(**TINY_DISTILBERT, tie_weights_=False, tie_word_embeddings=False)
    tied = dbt.DistilBertConfig(**TINY_DISTILBERT)
    cls = dbt.DistilBertConfig(**TINY_DISTILBERT, architectures=["DistilBertForSequenceClassification"],
                               id2label={"0": "NEGATIVE", "1": "POSITIVE", "2": "NEUTRAL"})
    base = dbt.DistilBertConfig(**TINY_DISTILBERT, architectures=["DistilBertModel"])
    bert = dbt.BertConfig(**TINY_BERT)
    one_label = {"0": "LABEL_0"}
    bert_cross = dbt.BertConfig(**TINY_BERT, architectures=["BertForSequenceClassification"], id2label=one_label)
    distil_cross = dbt.DistilBertConfig(**TINY_DISTILBERT, architectures=["DistilBertForSequenceClassification"],
                                        id2label=one_label)
    return [
        ("distilbert-tiny", lambda: dbt.DistilBertForMaskedLM(untied), 1, torch.float32, "single"),
        ("distilbert-tiny-tied", lambda: dbt.DistilBertForMaskedLM(tied), 2, torch.float32, "single"),
        ("distilbert-tiny-f16", lambda: dbt.DistilBertForMaskedLM(tied), 2, torch.float16, "single"),
        ("distilbert-tiny-bf16", lambda: dbt.DistilBertForMaskedLM(tied), 2, torch.bfloat16, "single"),
        ("distilbert-tiny-cls", lambda: dbt.DistilBertForSequenceClassification(cls), 3, torch.float32, "single"),
        ("distilbert-tiny-noprefix", lambda: dbt.DistilBertModel(base), 4, torch.float32, "single"),
        ("bert-tiny", lambda: dbt.BertModel(bert), 5, torch.float32, "pairs"),
        ("bert-tiny-cross", lambda: dbt.BertForSequenceClassification(bert_cross), 7, torch.float32, "rerank"),
        ("distilbert-tiny-cross", lambda: dbt.DistilBertForSequenceClassification(distil_cross), 8, torch.float32,
         "rerank"),
    ]


def make_tiny(out: Path, vocab_path: Path, tokenizer: WordPiece):
    single = batch([tokenizer.encode(s) for s in SENTENCES])
    pairs = batch([tokenizer.encode(a, b) for a, b in PAIRS])
    rerank = batch([tokenizer.encode(RERANK_QUERY, t) for t in RERANK_TEXTS])
    report = []
    for name, make_model, seed, dtype, kind in tiny_fixtures():
        torch.manual_seed(seed)
        model = make_model().eval()
        init_weights(model, seed)
        if name in CROSS_ENCODER_GAIN:
            with torch.no_grad():
                model.classifier.weight.mul_(CROSS_ENCODER_GAIN[name])
        ids, mask, types = {"single": single, "pairs": pairs, "rerank": rerank}[kind]
        inputs = {"input_ids": ids, "attention_mask": mask}
        if isinstance(model.config, dbt.BertConfig):
            inputs["token_type_ids"] = types
        folder = out / name
        reference = write_folder(folder, model, checkpoint_tensors(model), dtype, inputs, vocab_path)
        figures = verify_folder(folder, make_model, reference)
        report.append((name, figures))
    return report


def make_base(work: Path, vocab_path: Path, tokenizer: WordPiece):
    config = dbt.DistilBertConfig()  # distilbert-base-uncased shapes, tied projector as released
    make_model = lambda: dbt.DistilBertForMaskedLM(config)  # noqa: E731
    torch.manual_seed(6)
    model = make_model().eval()
    init_weights(model, 6)
    texts = [SENTENCES[0], SENTENCES[2], BASE_TEXT, SENTENCES[1]]
    ids, mask, _ = batch([tokenizer.encode(t) for t in texts])
    folder = work / "distilbert-base-random"
    started = time.time()
    reference = write_folder(folder, model, checkpoint_tensors(model), torch.float32,
                             {"input_ids": ids, "attention_mask": mask}, vocab_path)
    figures = verify_folder(folder, make_model, reference)
    print(f"  written, read back bit-identical and checked in {time.time() - started:.1f}s; numpy float64 "
          f"max |diff|: {', '.join(f'{k} {v:.2e}' for k, v in figures.items())}")
    export_onnx(model.distilbert, folder / "model.onnx", ids, mask)
    return folder


def export_onnx(encoder: dbt.DistilBertModel, path: Path, ids, mask):
    encoder.eval()
    with torch.no_grad():
        torch.onnx.export(
            encoder, (ids, mask), str(path),
            input_names=["input_ids", "attention_mask"], output_names=["last_hidden_state"],
            dynamic_axes={"input_ids": {0: "batch", 1: "sequence"},
                          "attention_mask": {0: "batch", 1: "sequence"},
                          "last_hidden_state": {0: "batch", 1: "sequence"}},
            opset_version=14, do_constant_folding=True,
        )
    print(f"  model.onnx: {path.stat().st_size} bytes (opset 14)")
    try:
        import onnx
    except ImportError:
        print("  python3-onnx not installed: graph written but not checked")
        return
    graph_model = onnx.load(str(path))
    onnx.checker.check_model(graph_model)
    ops = sorted({n.op_type for n in graph_model.graph.node})
    print(f"  onnx.checker ok; opset {[(o.domain or 'ai.onnx', o.version) for o in graph_model.opset_import]}")
    print(f"  inputs {[i.name for i in graph_model.graph.input]} outputs {[o.name for o in graph_model.graph.output]}")
    print(f"  {len(graph_model.graph.node)} nodes, op types: {', '.join(ops)}")
    print(f"  {len(graph_model.graph.initializer)} initializers, e.g. "
          f"{[i.name for i in graph_model.graph.initializer[:6]]}")


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="tiny fixtures root (default: %(default)s)")
    parser.add_argument("--vocab", type=Path, default=DEFAULT_VOCAB, help="bert-base-uncased vocab.txt")
    parser.add_argument("--base", type=Path, help="also write DIR/distilbert-base-random (+ model.onnx)")
    parser.add_argument("--skip-tiny", action="store_true", help="with --base: only the base model")
    args = parser.parse_args()

    torch.set_num_threads(1)  # one thread: reduction order, hence every written bit, is reproducible
    tokenizer = WordPiece(args.vocab)
    if tokenizer.size != 30522:
        raise SystemExit(f"{args.vocab}: expected the 30522-token bert-base-uncased vocabulary")
    print(f"torch {torch.__version__}, numpy {np.__version__}")

    if not args.skip_tiny:
        for name, figures in make_tiny(args.out, args.vocab, tokenizer):
            worst = ", ".join(f"{k} {v:.2e}" for k, v in figures.items())
            print(f"{name}: read back bit-identical; numpy float64 max |diff|: {worst}")
            for f in ("config.json", "model.safetensors", "reference.safetensors"):
                p = args.out / name / f
                print(f"  {f:22s} {p.stat().st_size:9d} B  sha256 {sha256(p)}")
    if args.base:
        print("distilbert-base-random:")
        make_base(args.base, args.vocab, tokenizer)


if __name__ == "__main__":
    main()
