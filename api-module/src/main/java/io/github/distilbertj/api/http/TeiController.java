package io.github.distilbertj.api.http;

import io.github.distilbertj.api.admission.Admission;
import io.github.distilbertj.api.config.ServerSettings;
import io.github.distilbertj.api.config.ServerVersion;
import io.github.distilbertj.api.error.ApiException;
import io.github.distilbertj.api.error.ErrorResponse;
import io.github.distilbertj.api.error.ErrorType;
import io.github.distilbertj.api.http.dto.DecodeRequest;
import io.github.distilbertj.api.lifecycle.Drain;
import io.github.distilbertj.api.http.dto.EmbedAllRequest;
import io.github.distilbertj.api.http.dto.EmbedRequest;
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
    private final Drain drain;

    public TeiController(InferenceService service, BatchScheduler scheduler, ServerSettings settings,
                         ServerVersion version, Drain drain) {
        this.drain = drain;
        this.service = service;
        this.scheduler = scheduler;
        this.settings = settings;
        this.version = version.value();
    }

    @PostMapping(path = "/embed", consumes = JSON, produces = JSON)
    public List<float[]> embed(@RequestAttribute(AdmissionFilter.PERMIT) Admission.Permit permit,
            @RequestBody EmbedRequest request) {
        rejectPrompt(request.promptName());
        rejectDimensions(request.dimensions());
        List<Input> inputs = InputParser.inputs(request.inputs(), "inputs");
        boolean normalize = request.normalize() == null || request.normalize();
        return service.embed(permit, inputs, request.truncate(), request.truncationDirection(), normalize, Routes.EMBED);
    }

    @PostMapping(path = "/embed_all", consumes = JSON, produces = JSON)
    public List<float[][]> embedAll(@RequestAttribute(AdmissionFilter.PERMIT) Admission.Permit permit,
            @RequestBody EmbedAllRequest request) {
        rejectPrompt(request.promptName());
        List<Input> inputs = InputParser.inputs(request.inputs(), "inputs");
        return service.embedAll(permit, inputs, request.truncate(), request.truncationDirection(), Routes.EMBED_ALL);
    }

    @PostMapping(path = "/tokenize", consumes = JSON, produces = JSON)
    public List<List<SimpleToken>> tokenize(@RequestAttribute(AdmissionFilter.PERMIT) Admission.Permit permit,
            @RequestBody TokenizeRequest request) {
        rejectPrompt(request.promptName());
        List<String> texts = InputParser.texts(request.inputs(), "inputs");
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
        if (m.classifier()) {
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
        return new Info(m.modelId(), null, m.dtype(), type, service.maxConcurrentRequests(), service.maxInputLength(),
                settings.maxBatchTokens(), settings.maxBatchRequests(), service.maxClientBatchSize(),
                service.autoTruncate(), Routes.TOKENIZATION_WORKERS, version, null, null, m.kernels());
    }

    /** TEI's health route: 200 with an empty body once the model has run its warm-up pass, 503 once it drains. */
    @GetMapping("/health")
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

    private void rejectPrompt(String promptName) {
        if (promptName != null) {
            throw ApiException.validation("`prompt_name` is not supported: " + service.model().modelId()
                    + " has no sentence-transformers prompts; prepend the prompt to the text instead");
        }
    }

    private void rejectDimensions(Integer dimensions) {
        if (dimensions != null && dimensions != service.model().hiddenSize()) {
            throw ApiException.validation("`dimensions` " + dimensions + " is not supported: "
                    + service.model().modelId() + " only returns " + service.model().hiddenSize() + "-dimensional embeddings");
        }
    }

    /** TEI reports offsets as UTF-8 byte positions and gives special tokens no offsets. */
    static List<SimpleToken> simpleTokens(String text, Tokens t) {
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
