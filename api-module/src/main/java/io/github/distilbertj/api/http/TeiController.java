package io.github.distilbertj.api.http;

import io.github.distilbertj.api.admission.Admission;
import io.github.distilbertj.api.config.ServerSettings;
import io.github.distilbertj.api.lifecycle.Drain;
import io.github.distilbertj.api.config.ServerVersion;
import io.github.distilbertj.api.error.ApiException;
import io.github.distilbertj.api.error.ErrorResponse;
import io.github.distilbertj.api.error.ErrorType;
import io.github.distilbertj.api.http.dto.DecodeRequest;
import io.github.distilbertj.api.http.dto.EmbedAllRequest;
import io.github.distilbertj.api.http.dto.EmbedRequest;
import io.github.distilbertj.api.http.dto.EmbedSparseRequest;
import io.github.distilbertj.api.http.dto.Rank;
import io.github.distilbertj.api.http.dto.RerankRequest;
import io.github.distilbertj.api.http.dto.SimilarityRequest;
import io.github.distilbertj.api.http.dto.SparseValue;
import io.github.distilbertj.api.http.dto.FillMaskPrediction;
import io.github.distilbertj.api.http.dto.FillMaskRequest;
import io.github.distilbertj.api.http.dto.Info;
import io.github.distilbertj.api.http.dto.PredictRequest;
import io.github.distilbertj.api.http.dto.Prediction;
import io.github.distilbertj.api.http.dto.SimpleToken;
import io.github.distilbertj.api.http.dto.TokenizeRequest;
import io.github.distilbertj.api.scheduling.BatchScheduler;
import io.github.distilbertj.api.scheduling.InferenceService;
import io.github.distilbertj.api.scheduling.Input;
import io.github.distilbertj.api.scheduling.ModelInfo;
import io.github.distilbertj.api.scheduling.Tokens;

import io.github.distilbertj.kernels.Softmax;

import org.springframework.http.MediaType;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestAttribute;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The Text Embeddings Inference routes, plus POST /fill-mask. */
@RestController
public class TeiController {

    private static final String JSON = MediaType.APPLICATION_JSON_VALUE;

    private final InferenceService service;
    private final BatchScheduler scheduler;
    private final ServerSettings settings;
    private final String version;
    private final JsonMapper json;
    private final Drain drain;

    public TeiController(InferenceService service, BatchScheduler scheduler, ServerSettings settings,
                         ServerVersion version, JsonMapper json, Drain drain) {
        this.drain = drain;
        this.service = service;
        this.scheduler = scheduler;
        this.settings = settings;
        this.version = version.value();
        this.json = json;
    }

    @PostMapping(path = "/embed", consumes = JSON, produces = JSON)
    public List<float[]> embed(@RequestAttribute(AdmissionFilter.PERMIT) Admission.Permit permit,
            @RequestBody EmbedRequest request) {
        return embed(permit, request, Routes.EMBED);
    }

    private List<float[]> embed(Admission.Permit permit, EmbedRequest request, String route) {
        Dimensions.check(request.dimensions(), service.model());
        List<Input> inputs = service.prompted(InputParser.inputs(request.inputs(), "inputs"), request.promptName());
        boolean normalize = request.normalize() == null || request.normalize();
        List<float[]> vectors = service.embed(permit, inputs, request.truncate(), request.truncationDirection(), normalize,
                route);
        if (request.dimensions() == null) {
            return vectors;
        }
        List<float[]> cut = new ArrayList<>(vectors.size());
        for (float[] v : vectors) {
            cut.add(Dimensions.cut(v, request.dimensions(), normalize));
        }
        return cut;
    }

    /** Cross-encoder re-ranking: one Rank per text, best first; scores are sigmoid(logit) unless raw_scores. */
    @PostMapping(path = "/rerank", consumes = JSON, produces = JSON)
    public List<Rank> rerank(@RequestAttribute(AdmissionFilter.PERMIT) Admission.Permit permit,
            @RequestBody RerankRequest request) {
        return rerank(permit, request, Routes.RERANK);
    }

    private List<Rank> rerank(Admission.Permit permit, RerankRequest request, String route) {
        boolean raw = request.rawScores() != null && request.rawScores();
        boolean returnText = request.returnText() != null && request.returnText();
        List<Float> logits = service.rerank(permit, request.query(), request.texts(), request.truncate(),
                request.truncationDirection(), route);
        List<Rank> ranks = new ArrayList<>(logits.size());
        for (int i = 0; i < logits.size(); i++) {
            float logit = logits.get(i);
            float score = raw ? logit : (float) (1.0 / (1.0 + Math.exp(-logit)));
            ranks.add(new Rank(i, score, returnText ? request.texts().get(i) : null));
        }
        ranks.sort(Comparator.comparingDouble(Rank::score).reversed());
        return ranks;
    }

    /** sentence-transformers' sentence similarity: cosine of source_sentence's embedding with each sentence's. */
    @PostMapping(path = "/similarity", consumes = JSON, produces = JSON)
    public List<Float> similarity(@RequestAttribute(AdmissionFilter.PERMIT) Admission.Permit permit,
            @RequestBody SimilarityRequest request) {
        if (service.model().classifier()) {
            throw new ApiException(ErrorType.BACKEND, "model is not an embedding model: " + service.model().modelId()
                    + " is a classifier, so /similarity is not available");
        }
        SimilarityRequest.Inputs in = request.inputs();
        if (in == null || in.sourceSentence() == null) {
            throw ApiException.validation("`inputs.source_sentence` is required");
        }
        if (in.sentences() == null || in.sentences().isEmpty()) {
            throw ApiException.validation("`inputs.sentences` cannot be empty");
        }
        SimilarityRequest.Parameters p = request.parameters();
        List<Input> inputs = new ArrayList<>(in.sentences().size() + 1);
        inputs.add(Input.text(in.sourceSentence()));
        for (int i = 0; i < in.sentences().size(); i++) {
            if (in.sentences().get(i) == null) {
                throw ApiException.validation("`inputs.sentences[" + i + "]` must be a string");
            }
            inputs.add(Input.text(in.sentences().get(i)));
        }
        inputs = service.prompted(inputs, p == null ? null : p.promptName());
        // Unit vectors: the cosine is their dot product.
        List<float[]> vectors = service.embed(permit, inputs, p == null ? null : p.truncate(),
                p == null ? null : p.truncationDirection(), true, Routes.SIMILARITY);
        float[] source = vectors.get(0);
        List<Float> out = new ArrayList<>(vectors.size() - 1);
        for (int i = 1; i < vectors.size(); i++) {
            double dot = 0;
            float[] v = vectors.get(i);
            for (int j = 0; j < v.length; j++) {
                dot += (double) source[j] * v[j];
            }
            out.add((float) dot);
        }
        return out;
    }

    /** SPLADE: the non-zero weights max over tokens of log(1 + relu(masked-LM logits)), by vocabulary index. */
    @PostMapping(path = "/embed_sparse", consumes = JSON, produces = JSON)
    public List<List<SparseValue>> embedSparse(@RequestAttribute(AdmissionFilter.PERMIT) Admission.Permit permit,
            @RequestBody EmbedSparseRequest request) {
        return embedSparse(permit, request, Routes.EMBED_SPARSE);
    }

    private List<List<SparseValue>> embedSparse(Admission.Permit permit, EmbedSparseRequest request, String route) {
        List<Input> inputs = service.prompted(InputParser.inputs(request.inputs(), "inputs"), request.promptName());
        List<float[]> dense = service.embedSparse(permit, inputs, request.truncate(), request.truncationDirection(), route);
        List<List<SparseValue>> out = new ArrayList<>(dense.size());
        for (float[] weights : dense) {
            List<SparseValue> values = new ArrayList<>();
            for (int i = 0; i < weights.length; i++) {
                if (weights[i] > 0) {
                    values.add(new SparseValue(i, weights[i]));
                }
            }
            out.add(values);
        }
        return out;
    }

    /**
     * TEI's default route ({@code POST /}, and {@code /invocations} for SageMaker): the model's own task, as TEI
     * routes it: re-ranker -> /rerank, classifier -> /predict, embedding model -> /embed.
     */
    @PostMapping(path = {"/", "/invocations"}, consumes = JSON, produces = JSON)
    public Object invoke(@RequestAttribute(AdmissionFilter.PERMIT) Admission.Permit permit,
            @RequestBody JsonNode body, jakarta.servlet.http.HttpServletRequest http) {
        String route = Routes.of(http.getRequestURI());
        ModelInfo m = service.model();
        if (m.reranker()) {
            return rerank(permit, read(body, RerankRequest.class), route);
        }
        if (m.classifier()) {
            return predict(permit, read(body, PredictRequest.class));
        }
        return embed(permit, read(body, EmbedRequest.class), route);
    }

    private <T> T read(JsonNode body, Class<T> type) {
        try {
            return json.treeToValue(body, type);
        } catch (JacksonException e) {
            throw ApiException.validation("the body is not a valid " + type.getSimpleName() + ": " + e.getOriginalMessage());
        }
    }

    @PostMapping(path = "/embed_all", consumes = JSON, produces = JSON)
    public List<float[][]> embedAll(@RequestAttribute(AdmissionFilter.PERMIT) Admission.Permit permit,
            @RequestBody EmbedAllRequest request) {
        List<Input> inputs = service.prompted(InputParser.inputs(request.inputs(), "inputs"), request.promptName());
        return service.embedAll(permit, inputs, request.truncate(), request.truncationDirection(), Routes.EMBED_ALL);
    }

    @PostMapping(path = "/tokenize", consumes = JSON, produces = JSON)
    public List<List<SimpleToken>> tokenize(@RequestAttribute(AdmissionFilter.PERMIT) Admission.Permit permit,
            @RequestBody TokenizeRequest request) {
        List<String> texts = InputParser.texts(request.inputs(), "inputs");
        List<String> prompted = new ArrayList<>(texts.size());
        for (Input in : service.prompted(texts.stream().map(Input::text).toList(), request.promptName())) {
            prompted.add(in.text());
        }
        texts = prompted;
        boolean special = request.addSpecialTokens() == null || request.addSpecialTokens();
        List<Tokens> all = service.tokenize(permit, texts, special, Routes.TOKENIZE);
        List<List<SimpleToken>> out = new ArrayList<>(all.size());
        for (int i = 0; i < all.size(); i++) {
            out.add(simpleTokens(texts.get(i), all.get(i)));
        }
        return out;
    }

    @PostMapping(path = "/decode", consumes = JSON, produces = JSON)
    public List<String> decode(@RequestBody DecodeRequest request) {
        List<int[]> ids = InputParser.idLists(request.ids(), "ids");
        boolean skip = request.skipSpecialTokens() == null || request.skipSpecialTokens();
        return service.decode(ids, skip);
    }

    @PostMapping(path = "/predict", consumes = JSON, produces = JSON)
    public Object predict(@RequestAttribute(AdmissionFilter.PERMIT) Admission.Permit permit,
            @RequestBody PredictRequest request) {
        InputParser.Predict parsed = InputParser.predictInputs(request.inputs(), "inputs");
        boolean raw = request.rawScores() != null && request.rawScores();
        List<float[]> logits = service.classify(permit, parsed.inputs(), request.truncate(), request.truncationDirection(),
                Routes.PREDICT);
        List<String> labels = service.model().labels();
        List<List<Prediction>> all = new ArrayList<>(logits.size());
        for (float[] row : logits) {
            float[] scores = raw ? row : softmax(row);
            List<Prediction> predictions = new ArrayList<>(scores.length);
            for (int i = 0; i < scores.length; i++) {
                predictions.add(new Prediction(scores[i], labels.get(i)));
            }
            predictions.sort(Comparator.comparingDouble(Prediction::score).reversed());
            all.add(predictions);
        }
        return parsed.batch() ? all : all.get(0);
    }

    @PostMapping(path = "/fill-mask", consumes = JSON, produces = JSON)
    public Object fillMask(@RequestAttribute(AdmissionFilter.PERMIT) Admission.Permit permit,
            @RequestBody FillMaskRequest request) {
        int topK = request.topK() == null ? 5 : request.topK();
        if (topK < 1) {
            throw ApiException.validation("`top_k` must be >= 1, got " + topK);
        }
        boolean batch = request.inputs() != null && request.inputs().isArray();
        List<String> texts = InputParser.texts(request.inputs(), "inputs");
        List<InferenceService.Masked> results = service.fillMask(permit, texts, Routes.FILL_MASK);
        List<Object> out = new ArrayList<>(results.size());
        for (InferenceService.Masked m : results) {
            List<List<FillMaskPrediction>> perMask = new ArrayList<>(m.positions().length);
            for (int p = 0; p < m.positions().length; p++) {
                perMask.add(candidates(m, p, topK));
            }
            // Like the Hugging Face pipeline: one mask gives a flat list, several a list per mask.
            out.add(perMask.size() == 1 ? perMask.get(0) : perMask);
        }
        return batch ? out : out.get(0);
    }

    private List<FillMaskPrediction> candidates(InferenceService.Masked m, int p, int topK) {
        float[] probs = softmax(m.logits()[p]);
        Integer[] order = new Integer[probs.length];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> Float.compare(probs[b], probs[a]));
        int k = Math.min(topK, probs.length);
        List<FillMaskPrediction> out = new ArrayList<>(k);
        int[] ids = m.tokens().ids();
        for (int r = 0; r < k; r++) {
            int id = order[r];
            int[] filled = ids.clone();
            filled[m.positions()[p]] = id;
            out.add(new FillMaskPrediction(probs[id], id, service.token(id), service.decode(filled)));
        }
        return out;
    }

    @GetMapping(path = "/info", produces = JSON)
    public Info info() {
        ModelInfo m = service.model();
        Map<String, Object> type;
        if (m.reranker()) {
            type = Map.of("reranker", Map.of("id2label", Map.of("0", m.labels().get(0)), "label2id", Map.of(m.labels().get(0), 0)));
        } else if (m.classifier()) {
            Map<String, String> id2label = new LinkedHashMap<>();
            Map<String, Integer> label2id = new LinkedHashMap<>();
            for (int i = 0; i < m.labels().size(); i++) {
                id2label.put(Integer.toString(i), m.labels().get(i));
                label2id.put(m.labels().get(i), i);
            }
            type = Map.of("classifier", Map.of("id2label", id2label, "label2id", label2id));
        } else {
            type = Map.of("embedding", Map.of("pooling", m.pooling()));
        }
        return new Info(m.modelId(), null, m.dtype(), type, m.modelId(), service.maxConcurrentRequests(), service.maxInputLength(),
                settings.maxBatchTokens(), settings.maxBatchRequests(), service.maxClientBatchSize(),
                service.autoTruncate(), Routes.TOKENIZATION_WORKERS, version, null, null, m.kernels());
    }

    /** TEI's health route (also {@code GET /} and {@code /ping}): 200 with an empty body once the model has run its warm-up pass. */
    @GetMapping({"/health", "/", "/ping"})
    public ResponseEntity<Object> health() {
        if (drain.draining()) {
            return ResponseEntity.status(503).contentType(MediaType.APPLICATION_JSON)
                    .body(new ErrorResponse("unhealthy: the server is shutting down", ErrorType.UNHEALTHY.wireName()));
        }
        if (scheduler.warmedUp()) {
            return ResponseEntity.ok().build();
        }
        return ResponseEntity.status(503).contentType(MediaType.APPLICATION_JSON)
                .body(new ErrorResponse("unhealthy: the model is not warmed up yet", ErrorType.UNHEALTHY.wireName()));
    }

    /** TEI reports offsets as UTF-8 byte positions and gives special tokens no offsets (gRPC's Tokenize too). */
    public static List<SimpleToken> simpleTokens(String text, Tokens t) {
        int[] bytesBefore = null;
        List<SimpleToken> out = new ArrayList<>(t.length());
        for (int i = 0; i < t.length(); i++) {
            if (t.special()[i] || t.starts()[i] < 0) {
                out.add(new SimpleToken(t.ids()[i], t.tokens()[i], true, null, null));
                continue;
            }
            if (bytesBefore == null) {
                bytesBefore = utf8Offsets(text);
            }
            int start = t.starts()[i];
            int end = t.ends()[i];
            out.add(new SimpleToken(t.ids()[i], text.substring(start, end), false, bytesBefore[start], bytesBefore[end]));
        }
        return out;
    }

    /** [i] = UTF-8 bytes of text[0, i). */
    private static int[] utf8Offsets(String text) {
        int[] at = new int[text.length() + 1];
        int bytes = 0;
        for (int i = 0; i < text.length(); i++) {
            at[i] = bytes;
            char c = text.charAt(i);
            if (c < 0x80) {
                bytes += 1;
            } else if (c < 0x800) {
                bytes += 2;
            } else if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                // The pair encodes one 4-byte code point; its low half starts mid-character.
                bytes += 4;
                at[++i] = bytes - 2;
            } else {
                bytes += 3;
            }
        }
        at[text.length()] = bytes;
        return at;
    }

    /** Probabilities from logits with the kernels' max-subtracted softmax, on a copy (the logits stay raw). */
    private static float[] softmax(float[] logits) {
        float[] p = logits.clone();
        Softmax.apply(p, 0, p.length, null, 0);
        return p;
    }
}
