"""Minimal safetensors writer and reader (F32, F16, BF16, I64).

The `safetensors` Python package is not installable here (no PyPI), so this follows the format
description directly (https://github.com/huggingface/safetensors#format):

    [8 bytes]  N, unsigned little-endian: length of the JSON header
    [N bytes]  UTF-8 JSON object: {"__metadata__": {...}, name: {"dtype", "shape", "data_offsets"}}
               starts with '{', may be padded at the end with spaces (0x20); we pad so that the
               byte buffer starts on an 8-byte boundary, as the reference implementation does
    [rest]     byte buffer; data_offsets [begin, end) are relative to its start, tensors are
               contiguous, row-major, little-endian, with no gaps

Tensors are laid out largest element size first, then by name (what the reference
implementation does too), so every tensor is aligned to its own element size when the file is
memory-mapped.
"""

import json
import struct
import sys

import numpy as np
import torch

# safetensors dtype name -> (torch dtype, element size, numpy dtype of the raw little-endian bytes)
DTYPES = {
    "F32": (torch.float32, 4, np.dtype("<f4")),
    "F16": (torch.float16, 2, np.dtype("<f2")),
    "BF16": (torch.bfloat16, 2, np.dtype("<i2")),  # numpy has no bfloat16: move the raw bits
    "I64": (torch.int64, 8, np.dtype("<i8")),
}
_BY_TORCH = {torch_dtype: name for name, (torch_dtype, _, _) in DTYPES.items()}
_ALIGNMENT = 8


def _raw_bytes(tensor):
    name = _BY_TORCH.get(tensor.dtype)
    if name is None:
        raise ValueError(f"unsupported dtype {tensor.dtype}; supported: {sorted(DTYPES)}")
    t = tensor.detach().contiguous().cpu()
    if name == "BF16":
        t = t.view(torch.int16)
    if sys.byteorder != "little":
        raise RuntimeError("writer assumes a little-endian host")
    return name, t.numpy().tobytes()


def serialize(tensors, metadata=None):
    """Returns the safetensors bytes for a dict name -> torch.Tensor."""
    if not tensors:
        raise ValueError("nothing to write")
    meta = {"format": "pt"}
    if metadata:
        meta.update(metadata)
    for key, value in meta.items():
        if not isinstance(key, str) or not isinstance(value, str):
            raise ValueError("__metadata__ must map strings to strings")

    encoded = {name: _raw_bytes(t) for name, t in tensors.items()}
    order = sorted(tensors, key=lambda n: (-DTYPES[encoded[n][0]][1], n))

    header = {"__metadata__": meta}
    offset = 0
    for name in order:
        dtype, data = encoded[name]
        header[name] = {
            "dtype": dtype,
            "shape": list(tensors[name].shape),
            "data_offsets": [offset, offset + len(data)],
        }
        offset += len(data)

    header_bytes = json.dumps(header, separators=(",", ":")).encode("utf-8")
    header_bytes += b" " * (-(8 + len(header_bytes)) % _ALIGNMENT)
    parts = [struct.pack("<Q", len(header_bytes)), header_bytes]
    parts.extend(encoded[name][1] for name in order)
    return b"".join(parts)


def save_file(tensors, path, metadata=None):
    with open(path, "wb") as f:
        f.write(serialize(tensors, metadata))


def parse_header(blob):
    """Returns (header dict without __metadata__, metadata dict, byte-buffer start)."""
    if len(blob) < 8:
        raise ValueError("file shorter than the 8-byte header length")
    (n,) = struct.unpack("<Q", blob[:8])
    if 8 + n > len(blob):
        raise ValueError(f"header length {n} runs past the end of the file ({len(blob)} bytes)")
    text = blob[8:8 + n].decode("utf-8")
    if not text.startswith("{"):
        raise ValueError("header does not start with '{'")
    header = json.loads(text)
    metadata = header.pop("__metadata__", {})
    return header, metadata, 8 + n


def deserialize(blob):
    """Returns (dict name -> torch.Tensor, metadata) from safetensors bytes; validates offsets."""
    header, metadata, start = parse_header(blob)
    buffer_len = len(blob) - start
    spans = []
    out = {}
    for name, info in header.items():
        dtype = info["dtype"]
        if dtype not in DTYPES:
            raise ValueError(f"{name}: unsupported dtype {dtype}")
        torch_dtype, size, np_dtype = DTYPES[dtype]
        shape = [int(d) for d in info["shape"]]
        begin, end = info["data_offsets"]
        count = int(np.prod(shape, dtype=np.int64)) if shape else 1
        if end - begin != count * size or begin < 0 or end > buffer_len:
            raise ValueError(f"{name}: data_offsets {begin, end} do not match shape {shape} {dtype}")
        spans.append((begin, end))
        array = np.frombuffer(blob, dtype=np_dtype, count=count, offset=start + begin)
        t = torch.from_numpy(array.astype(np_dtype.newbyteorder("="), copy=True)).reshape(shape)
        if dtype == "BF16":
            t = t.view(torch.bfloat16)
        out[name] = t
    spans.sort()
    position = 0
    for begin, end in spans:
        if begin != position:
            raise ValueError("byte buffer has a gap or an overlap")
        position = end
    if position != buffer_len:
        raise ValueError("byte buffer has trailing bytes")
    return out, metadata


def load_file(path):
    """Returns dict name -> torch.Tensor (metadata dropped), like safetensors.torch.load_file."""
    with open(path, "rb") as f:
        tensors, _ = deserialize(f.read())
    return tensors
