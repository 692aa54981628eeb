"""Hand-written PyTorch DistilBERT and BERT encoders, eval-mode maths of Hugging Face transformers.

`transformers` is not installable here (no PyPI), so this file re-states the forward passes of
modeling_distilbert.py and modeling_bert.py (eager attention path). Module and attribute names are
the Hugging Face ones, so `state_dict()` yields real checkpoint tensor names and a real checkpoint
loads with `load_state_dict`. Dropout is omitted: these models only ever run in eval mode, where
Hugging Face's dropout layers are the identity.

The order of floating-point operations follows Hugging Face where it changes fp32 results:
DistilBERT scales q before q @ k^T and masks with masked_fill(finfo.min); BERT scales the scores
after q @ k^T and adds a (1 - mask) * finfo.min bias; BERT embeddings add (word + token_type) first,
then position.
"""

import json
import math
from dataclasses import asdict, dataclass, field
from typing import Dict, List, Optional

import torch
import torch.nn.functional as F
from torch import nn


def _activation(name: str):
    # Hugging Face's "gelu" is the exact erf form (GELUActivation -> nn.functional.gelu).
    if name == "gelu":
        return F.gelu
    if name == "relu":
        return F.relu
    raise ValueError(f"unsupported activation {name!r}")


# ---------------------------------------------------------------- configurations


@dataclass(frozen=True)
class DistilBertConfig:
    """The keys Hugging Face's DistilBertConfig writes to config.json."""

    vocab_size: int = 30522
    max_position_embeddings: int = 512
    sinusoidal_pos_embds: bool = False
    n_layers: int = 6
    n_heads: int = 12
    dim: int = 768
    hidden_dim: int = 3072
    dropout: float = 0.1
    attention_dropout: float = 0.1
    activation: str = "gelu"
    initializer_range: float = 0.02
    qa_dropout: float = 0.1
    seq_classif_dropout: float = 0.2
    pad_token_id: int = 0
    tie_weights_: bool = True
    # None means "not written", i.e. Hugging Face's default True.
    tie_word_embeddings: Optional[bool] = None
    architectures: List[str] = field(default_factory=lambda: ["DistilBertForMaskedLM"])
    id2label: Optional[Dict[str, str]] = None

    @property
    def num_labels(self) -> int:
        return len(self.id2label) if self.id2label else 2

    @property
    def ties_projector(self) -> bool:
        return self.tie_word_embeddings is not False

    def to_json_dict(self) -> dict:
        d = asdict(self)
        d["model_type"] = "distilbert"
        if self.tie_word_embeddings is None:
            del d["tie_word_embeddings"]
        if self.id2label is None:
            del d["id2label"]
        else:
            d["label2id"] = {label: int(i) for i, label in self.id2label.items()}
        return d

    def to_json_string(self) -> str:
        # Hugging Face writes sorted keys with indent 2 and a trailing newline.
        return json.dumps(self.to_json_dict(), indent=2, sort_keys=True) + "\n"


@dataclass(frozen=True)
class BertConfig:
    """The keys Hugging Face's BertConfig writes to config.json."""

    vocab_size: int = 30522
    hidden_size: int = 768
    num_hidden_layers: int = 12
    num_attention_heads: int = 12
    intermediate_size: int = 3072
    hidden_act: str = "gelu"
    hidden_dropout_prob: float = 0.1
    attention_probs_dropout_prob: float = 0.1
    max_position_embeddings: int = 512
    type_vocab_size: int = 2
    initializer_range: float = 0.02
    layer_norm_eps: float = 1e-12
    pad_token_id: int = 0
    position_embedding_type: str = "absolute"
    use_cache: bool = True
    classifier_dropout: Optional[float] = None
    architectures: List[str] = field(default_factory=lambda: ["BertModel"])
    id2label: Optional[Dict[str, str]] = None

    @property
    def num_labels(self) -> int:
        return len(self.id2label) if self.id2label else 2

    def to_json_dict(self) -> dict:
        d = asdict(self)
        d["model_type"] = "bert"
        if self.id2label is None:
            del d["id2label"]
        else:
            d["label2id"] = {label: int(i) for i, label in self.id2label.items()}
        return d

    def to_json_string(self) -> str:
        return json.dumps(self.to_json_dict(), indent=2, sort_keys=True) + "\n"


# ---------------------------------------------------------------- DistilBERT


class Embeddings(nn.Module):
    def __init__(self, config: DistilBertConfig):
        super().__init__()
        if config.sinusoidal_pos_embds:
            raise ValueError("sinusoidal_pos_embds=True is not supported")
        self.word_embeddings = nn.Embedding(config.vocab_size, config.dim, padding_idx=config.pad_token_id)
        self.position_embeddings = nn.Embedding(config.max_position_embeddings, config.dim)
        self.LayerNorm = nn.LayerNorm(config.dim, eps=1e-12)
        self.register_buffer(
            "position_ids", torch.arange(config.max_position_embeddings).expand((1, -1)), persistent=False
        )

    def forward(self, input_ids: torch.Tensor) -> torch.Tensor:
        position_ids = self.position_ids[:, : input_ids.size(1)]
        embeddings = self.word_embeddings(input_ids) + self.position_embeddings(position_ids)
        return self.LayerNorm(embeddings)


class MultiHeadSelfAttention(nn.Module):
    def __init__(self, config: DistilBertConfig):
        super().__init__()
        if config.dim % config.n_heads != 0:
            raise ValueError(f"n_heads {config.n_heads} must divide dim {config.dim}")
        self.n_heads = config.n_heads
        self.dim = config.dim
        self.q_lin = nn.Linear(config.dim, config.dim)
        self.k_lin = nn.Linear(config.dim, config.dim)
        self.v_lin = nn.Linear(config.dim, config.dim)
        self.out_lin = nn.Linear(config.dim, config.dim)

    def forward(self, x: torch.Tensor, mask: torch.Tensor) -> torch.Tensor:
        bs, length, _ = x.size()
        head = self.dim // self.n_heads

        def split(t):  # (bs, length, dim) -> (bs, heads, length, head)
            return t.view(bs, -1, self.n_heads, head).transpose(1, 2)

        q = split(self.q_lin(x))
        k = split(self.k_lin(x))
        v = split(self.v_lin(x))
        q = q / math.sqrt(head)
        scores = torch.matmul(q, k.transpose(2, 3))
        padding = (mask == 0).view(bs, 1, 1, length).expand_as(scores)
        # Hugging Face fills with torch.tensor(finfo.min); a Python float is the same value and
        # keeps torch.onnx tracing from warning about a captured tensor constant.
        scores = scores.masked_fill(padding, torch.finfo(scores.dtype).min)
        weights = F.softmax(scores, dim=-1)
        context = torch.matmul(weights, v).transpose(1, 2).contiguous().view(bs, -1, self.dim)
        return self.out_lin(context)


class FFN(nn.Module):
    def __init__(self, config: DistilBertConfig):
        super().__init__()
        self.lin1 = nn.Linear(config.dim, config.hidden_dim)
        self.lin2 = nn.Linear(config.hidden_dim, config.dim)
        self.activation = _activation(config.activation)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.lin2(self.activation(self.lin1(x)))


class TransformerBlock(nn.Module):
    def __init__(self, config: DistilBertConfig):
        super().__init__()
        self.attention = MultiHeadSelfAttention(config)
        self.sa_layer_norm = nn.LayerNorm(config.dim, eps=1e-12)
        self.ffn = FFN(config)
        self.output_layer_norm = nn.LayerNorm(config.dim, eps=1e-12)

    def forward(self, x: torch.Tensor, mask: torch.Tensor) -> torch.Tensor:
        sa = self.sa_layer_norm(self.attention(x, mask) + x)
        return self.output_layer_norm(self.ffn(sa) + sa)


class Transformer(nn.Module):
    def __init__(self, config: DistilBertConfig):
        super().__init__()
        self.n_layers = config.n_layers
        self.layer = nn.ModuleList([TransformerBlock(config) for _ in range(config.n_layers)])

    def forward(self, x: torch.Tensor, mask: torch.Tensor) -> torch.Tensor:
        for block in self.layer:
            x = block(x, mask)
        return x


class DistilBertModel(nn.Module):
    """Returns last_hidden_state (bs, length, dim)."""

    def __init__(self, config: DistilBertConfig):
        super().__init__()
        self.config = config
        self.embeddings = Embeddings(config)
        self.transformer = Transformer(config)

    def forward(self, input_ids: torch.Tensor, attention_mask: Optional[torch.Tensor] = None) -> torch.Tensor:
        if attention_mask is None:
            attention_mask = torch.ones_like(input_ids)
        return self.transformer(self.embeddings(input_ids), attention_mask)


class DistilBertForMaskedLM(nn.Module):
    """Returns (prediction logits (bs, length, vocab), last_hidden_state)."""

    def __init__(self, config: DistilBertConfig):
        super().__init__()
        self.config = config
        self.activation = _activation(config.activation)
        self.distilbert = DistilBertModel(config)
        self.vocab_transform = nn.Linear(config.dim, config.dim)
        self.vocab_layer_norm = nn.LayerNorm(config.dim, eps=1e-12)
        self.vocab_projector = nn.Linear(config.dim, config.vocab_size)
        self.tie_weights()

    def tie_weights(self):
        # Hugging Face ties output to input embeddings unless tie_word_embeddings is false.
        if self.config.ties_projector:
            self.vocab_projector.weight = self.distilbert.embeddings.word_embeddings.weight

    def forward(self, input_ids: torch.Tensor, attention_mask: Optional[torch.Tensor] = None):
        hidden = self.distilbert(input_ids, attention_mask)
        x = self.activation(self.vocab_transform(hidden))
        x = self.vocab_layer_norm(x)
        return self.vocab_projector(x), hidden


class DistilBertForSequenceClassification(nn.Module):
    """Returns (logits (bs, num_labels), last_hidden_state)."""

    def __init__(self, config: DistilBertConfig):
        super().__init__()
        self.config = config
        self.distilbert = DistilBertModel(config)
        self.pre_classifier = nn.Linear(config.dim, config.dim)
        self.classifier = nn.Linear(config.dim, config.num_labels)

    def forward(self, input_ids: torch.Tensor, attention_mask: Optional[torch.Tensor] = None):
        hidden = self.distilbert(input_ids, attention_mask)
        pooled = F.relu(self.pre_classifier(hidden[:, 0]))
        return self.classifier(pooled), hidden


# ---------------------------------------------------------------- BERT


class BertEmbeddings(nn.Module):
    def __init__(self, config: BertConfig):
        super().__init__()
        if config.position_embedding_type != "absolute":
            raise ValueError("only absolute position embeddings are supported")
        self.word_embeddings = nn.Embedding(config.vocab_size, config.hidden_size, padding_idx=config.pad_token_id)
        self.position_embeddings = nn.Embedding(config.max_position_embeddings, config.hidden_size)
        self.token_type_embeddings = nn.Embedding(config.type_vocab_size, config.hidden_size)
        self.LayerNorm = nn.LayerNorm(config.hidden_size, eps=config.layer_norm_eps)
        self.register_buffer(
            "position_ids", torch.arange(config.max_position_embeddings).expand((1, -1)), persistent=False
        )

    def forward(self, input_ids: torch.Tensor, token_type_ids: torch.Tensor) -> torch.Tensor:
        position_ids = self.position_ids[:, : input_ids.size(1)]
        embeddings = self.word_embeddings(input_ids) + self.token_type_embeddings(token_type_ids)
        embeddings = embeddings + self.position_embeddings(position_ids)
        return self.LayerNorm(embeddings)


class BertSelfAttention(nn.Module):
    def __init__(self, config: BertConfig):
        super().__init__()
        if config.hidden_size % config.num_attention_heads != 0:
            raise ValueError("num_attention_heads must divide hidden_size")
        self.num_attention_heads = config.num_attention_heads
        self.attention_head_size = config.hidden_size // config.num_attention_heads
        self.all_head_size = self.num_attention_heads * self.attention_head_size
        self.query = nn.Linear(config.hidden_size, self.all_head_size)
        self.key = nn.Linear(config.hidden_size, self.all_head_size)
        self.value = nn.Linear(config.hidden_size, self.all_head_size)

    def _heads(self, x: torch.Tensor) -> torch.Tensor:
        return x.view(x.size()[:-1] + (self.num_attention_heads, self.attention_head_size)).permute(0, 2, 1, 3)

    def forward(self, hidden: torch.Tensor, additive_mask: torch.Tensor) -> torch.Tensor:
        q = self._heads(self.query(hidden))
        k = self._heads(self.key(hidden))
        v = self._heads(self.value(hidden))
        scores = torch.matmul(q, k.transpose(-1, -2)) / math.sqrt(self.attention_head_size)
        probs = F.softmax(scores + additive_mask, dim=-1)
        context = torch.matmul(probs, v).permute(0, 2, 1, 3).contiguous()
        return context.view(context.size()[:-2] + (self.all_head_size,))


class BertSelfOutput(nn.Module):
    def __init__(self, config: BertConfig):
        super().__init__()
        self.dense = nn.Linear(config.hidden_size, config.hidden_size)
        self.LayerNorm = nn.LayerNorm(config.hidden_size, eps=config.layer_norm_eps)

    def forward(self, hidden: torch.Tensor, residual: torch.Tensor) -> torch.Tensor:
        return self.LayerNorm(self.dense(hidden) + residual)


class BertAttention(nn.Module):
    def __init__(self, config: BertConfig):
        super().__init__()
        self.self = BertSelfAttention(config)
        self.output = BertSelfOutput(config)

    def forward(self, hidden: torch.Tensor, additive_mask: torch.Tensor) -> torch.Tensor:
        return self.output(self.self(hidden, additive_mask), hidden)


class BertIntermediate(nn.Module):
    def __init__(self, config: BertConfig):
        super().__init__()
        self.dense = nn.Linear(config.hidden_size, config.intermediate_size)
        self.intermediate_act_fn = _activation(config.hidden_act)

    def forward(self, hidden: torch.Tensor) -> torch.Tensor:
        return self.intermediate_act_fn(self.dense(hidden))


class BertOutput(nn.Module):
    def __init__(self, config: BertConfig):
        super().__init__()
        self.dense = nn.Linear(config.intermediate_size, config.hidden_size)
        self.LayerNorm = nn.LayerNorm(config.hidden_size, eps=config.layer_norm_eps)

    def forward(self, hidden: torch.Tensor, residual: torch.Tensor) -> torch.Tensor:
        return self.LayerNorm(self.dense(hidden) + residual)


class BertLayer(nn.Module):
    def __init__(self, config: BertConfig):
        super().__init__()
        self.attention = BertAttention(config)
        self.intermediate = BertIntermediate(config)
        self.output = BertOutput(config)

    def forward(self, hidden: torch.Tensor, additive_mask: torch.Tensor) -> torch.Tensor:
        attention = self.attention(hidden, additive_mask)
        return self.output(self.intermediate(attention), attention)


class BertEncoder(nn.Module):
    def __init__(self, config: BertConfig):
        super().__init__()
        self.layer = nn.ModuleList([BertLayer(config) for _ in range(config.num_hidden_layers)])

    def forward(self, hidden: torch.Tensor, additive_mask: torch.Tensor) -> torch.Tensor:
        for layer in self.layer:
            hidden = layer(hidden, additive_mask)
        return hidden


class BertPooler(nn.Module):
    def __init__(self, config: BertConfig):
        super().__init__()
        self.dense = nn.Linear(config.hidden_size, config.hidden_size)

    def forward(self, hidden: torch.Tensor) -> torch.Tensor:
        return torch.tanh(self.dense(hidden[:, 0]))


class BertModel(nn.Module):
    """Returns (last_hidden_state (bs, length, hidden), pooler_output (bs, hidden))."""

    def __init__(self, config: BertConfig, add_pooling_layer: bool = True):
        super().__init__()
        self.config = config
        self.embeddings = BertEmbeddings(config)
        self.encoder = BertEncoder(config)
        self.pooler = BertPooler(config) if add_pooling_layer else None

    def forward(
        self,
        input_ids: torch.Tensor,
        attention_mask: Optional[torch.Tensor] = None,
        token_type_ids: Optional[torch.Tensor] = None,
    ):
        if attention_mask is None:
            attention_mask = torch.ones_like(input_ids)
        if token_type_ids is None:
            token_type_ids = torch.zeros_like(input_ids)
        dtype = self.embeddings.word_embeddings.weight.dtype
        # get_extended_attention_mask: (bs, 1, 1, length) additive bias, 0 keep / finfo.min drop.
        extended = attention_mask[:, None, None, :].to(dtype)
        extended = (1.0 - extended) * torch.finfo(dtype).min
        hidden = self.encoder(self.embeddings(input_ids, token_type_ids), extended)
        pooled = self.pooler(hidden) if self.pooler is not None else None
        return hidden, pooled


class BertForSequenceClassification(nn.Module):
    """Returns (logits (bs, num_labels), last_hidden_state, pooler_output): classifier(pooler(hidden[:, 0]))
    (Hugging Face's dropout before the classifier is the identity in eval mode). num_labels 1 is a
    cross-encoder: its one logit is a relevance score."""

    def __init__(self, config: BertConfig):
        super().__init__()
        self.config = config
        self.bert = BertModel(config)
        self.classifier = nn.Linear(config.hidden_size, config.num_labels)

    def forward(
        self,
        input_ids: torch.Tensor,
        attention_mask: Optional[torch.Tensor] = None,
        token_type_ids: Optional[torch.Tensor] = None,
    ):
        hidden, pooled = self.bert(input_ids, attention_mask, token_type_ids)
        return self.classifier(pooled), hidden, pooled


# ---------------------------------------------------------------- pooling used by the references


def mean_pool(hidden: torch.Tensor, attention_mask: torch.Tensor) -> torch.Tensor:
    """Mean over the positions where attention_mask is 1 (sentence-transformers' clamp at 1e-9)."""
    mask = attention_mask.unsqueeze(-1).to(hidden.dtype)
    return (hidden * mask).sum(1) / torch.clamp(mask.sum(1), min=1e-9)


def cls_pool(hidden: torch.Tensor) -> torch.Tensor:
    return hidden[:, 0]
