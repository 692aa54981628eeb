package io.github.distilbertj.api.scheduling;

import io.github.distilbertj.api.error.ApiException;
import io.github.distilbertj.api.error.ErrorType;
import io.github.distilbertj.api.metrics.ApiMetrics;

import io.github.distilbertj.api.admission.Admission;
import io.micrometer.core.instrument.Timer;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * What the routes share: input validation and tokenization on the request thread (timed), the
 * real figures of the work handed to the caller's {@link Admission.Permit} (which may refuse it:
 * 429, or 413 for a too large answer), then one batching-queue job per input and a wait for all of
 * them. Callers admit the work first ({@link Admission#admit}) with an estimate.
 */
public final class InferenceService {

    private final InferenceBackend backend;
    private final BatchScheduler scheduler;
    private final ApiMetrics metrics;
    private final ModelInfo model;
    private final int maxClientBatchSize;
    private final int maxInputLength;
    private final boolean autoTruncate;
    private final Admission admission;

    public InferenceService(InferenceBackend backend, BatchScheduler scheduler, ApiMetrics metrics,
                            int maxClientBatchSize, int maxInputLength, boolean autoTruncate, Admission admission) {
        this.backend = backend;
        this.scheduler = scheduler;
        this.metrics = metrics;
        this.model = backend.info();
        this.maxClientBatchSize = maxClientBatchSize;
        this.maxInputLength = maxInputLength;
        this.autoTruncate = autoTruncate;
        this.admission = admission;
    }

    public Admission admission() {
        return admission;
    }

    /**
     * The inputs with a sentence-transformers prompt put before each text, as TEI's {@code prompt_name}: the named
     * prompt, or the model's default prompt when none is named (inputs unchanged when the model has none). Token-id
     * inputs cannot take a prompt: naming one for them is a 422, the default prompt leaves them as they are.
     */
    public List<Input> prompted(List<Input> inputs, String promptName) {
        io.github.distilbertj.model.Prompts prompts = backend.prompts();
        String prompt;
        try {
            prompt = prompts.apply(List.of(""), promptName).get(0);
        } catch (IllegalArgumentException e) {
            throw ApiException.validation("`prompt_name` '" + promptName + "' is not a prompt of " + model.modelId()
                    + " (its sentence-transformers prompts: " + (prompts.byName().isEmpty() ? "none"
                    : String.join(", ", prompts.byName().keySet())) + ")");
        }
        if (prompt.isEmpty()) {
            return inputs;
        }
        List<Input> out = new ArrayList<>(inputs.size());
        for (int i = 0; i < inputs.size(); i++) {
            Input in = inputs.get(i);
            if (in.ids() != null) {
                if (promptName != null) {
                    throw ApiException.validation("`prompt_name` cannot apply to token ids (input " + i + ")");
                }
                out.add(in);
            } else {
                out.add(in.pair() == null ? Input.text(prompt + in.text()) : Input.pair(prompt + in.text(), in.pair()));
            }
        }
        return out;
    }

    public ModelInfo model() {
        return model;
    }

    public int maxInputLength() {
        return maxInputLength;
    }

    public int maxClientBatchSize() {
        return maxClientBatchSize;
    }

    public boolean autoTruncate() {
        return autoTruncate;
    }

    public int maxConcurrentRequests() {
        return admission.limits().maxConcurrentRequests();
    }

    /** Estimated JSON size of {@code vectors} float vectors of the model's width. */
    public long vectorsBytes(long vectors) {
        return vectors * model.hiddenSize() * Admission.JSON_BYTES_PER_FLOAT;
    }

    // ------------------------------------------------------------------------------ routes

    /** Pooled embeddings, one per input, in input order. */
    public List<float[]> embed(Admission.Permit permit, List<Input> inputs, Boolean truncate,
                               TruncationDirection direction, boolean normalize, String route) {
        List<Tokens> tokens = prepare(inputs, truncate, direction, route);
        permit.resize(count(tokens), vectorsBytes(tokens.size()));
        Timer queue = metrics.queue(route);
        return join(scheduler.embed(tokens, normalize, queue));
    }

    /** Like {@link #embed} but also returns the number of tokens (OpenAI usage). */
    public Embedded embedCounting(Admission.Permit permit, List<Input> inputs, String route) {
        List<Tokens> tokens = prepare(inputs, null, TruncationDirection.RIGHT, route);
        permit.resize(count(tokens), vectorsBytes(tokens.size()));
        Timer queue = metrics.queue(route);
        int count = 0;
        for (Tokens t : tokens) {
            count += t.length();
        }
        return new Embedded(join(scheduler.embed(tokens, true, queue)), count);
    }

    public record Embedded(List<float[]> vectors, int tokens) {
    }

    /** Last hidden states [input][token][hidden]. */
    public List<float[][]> embedAll(Admission.Permit permit, List<Input> inputs, Boolean truncate,
                                    TruncationDirection direction, String route) {
        List<Tokens> tokens = prepare(inputs, truncate, direction, route);
        long count = count(tokens);
        permit.resize(count, vectorsBytes(count));
        Timer queue = metrics.queue(route);
        return join(scheduler.hiddenStates(tokens, queue));
    }

    /** Classifier logits, one row per input. */
    public List<float[]> classify(Admission.Permit permit, List<Input> inputs, Boolean truncate,
                                  TruncationDirection direction, String route) {
        if (!model.classifier()) {
            throw new ApiException(ErrorType.BACKEND, "model is not a classifier: " + model.modelId()
                    + " has no sequence-classification head, so /predict is not available");
        }
        List<Tokens> tokens = prepare(inputs, truncate, direction, route);
        permit.resize(count(tokens), (long) tokens.size() * model.labels().size() * 64);
        Timer queue = metrics.queue(route);
        return join(scheduler.classify(tokens, queue));
    }

    /**
     * Re-ranking logits, one per text, of the pairs (query, text) on a one-label cross-encoder; 424 (TEI's
     * Backend error) for any other model.
     */
    public List<Float> rerank(Admission.Permit permit, String query, List<String> texts, Boolean truncate, TruncationDirection direction,
                              String route) {
        if (!model.reranker()) {
            throw new ApiException(ErrorType.BACKEND, "model is not a re-ranker model: " + model.modelId()
                    + (model.classifier() ? " is a classifier with " + model.labels().size() + " labels"
                    : " has no sequence-classification head") + "; /rerank needs a cross-encoder with one label");
        }
        if (query == null) {
            throw ApiException.validation("`query` is required");
        }
        if (texts == null || texts.isEmpty()) {
            throw ApiException.validation("`texts` cannot be empty");
        }
        List<Input> pairs = new ArrayList<>(texts.size());
        for (int i = 0; i < texts.size(); i++) {
            if (texts.get(i) == null) {
                throw ApiException.validation("`texts[" + i + "]` must be a string");
            }
            pairs.add(Input.pair(query, texts.get(i)));
        }
        {
            List<Tokens> tokens = prepare(pairs, truncate, direction, route);
            permit.resize(count(tokens), (long) tokens.size() * 64);
            Timer queue = metrics.queue(route);
            List<Float> logits = new ArrayList<>(tokens.size());
            for (float[] row : join(scheduler.classify(tokens, queue))) {
                logits.add(row[0]);
            }
            return logits;
        }
    }

    /**
     * SPLADE sparse embeddings, one [vocab] weight vector per input (mostly zeros); 424 for a model
     * without a masked-LM head.
     */
    public List<float[]> embedSparse(Admission.Permit permit, List<Input> inputs, Boolean truncate, TruncationDirection direction, String route) {
        if (!model.maskedLm()) {
            throw new ApiException(ErrorType.BACKEND, "model has no masked-LM head: " + model.modelId()
                    + " cannot produce SPLADE sparse embeddings, so /embed_sparse is not available");
        }
        List<Tokens> tokens = prepare(inputs, truncate, direction, route);
        // A sparse answer lists the non-zero weights: at most one per distinct token id per input.
        permit.resize(count(tokens), count(tokens) * 2 * Admission.JSON_BYTES_PER_FLOAT);
        Timer queue = metrics.queue(route);
        return join(scheduler.sparse(tokens, queue));
    }

    /** One text's masked-LM result: its tokens, the mask positions and the logits at each. */
    public record Masked(Tokens tokens, int[] positions, float[][] logits) {
    }

    public List<Masked> fillMask(Admission.Permit permit, List<String> texts, String route) {
        if (!model.maskedLm()) {
            throw new ApiException(ErrorType.BACKEND, "model has no masked-LM head: " + model.modelId()
                    + " cannot fill masks, so /fill-mask is not available");
        }
        List<Input> inputs = new ArrayList<>(texts.size());
        for (String t : texts) {
            inputs.add(Input.text(t));
        }
        List<Tokens> tokens = prepare(inputs, null, TruncationDirection.RIGHT, route);
        // The logits of every mask position over the vocabulary are held until the answer is built.
        permit.resize(count(tokens), (long) tokens.size() * model.vocabSize() * Float.BYTES);
        List<int[]> positions = new ArrayList<>(tokens.size());
        for (int i = 0; i < tokens.size(); i++) {
            int[] ids = tokens.get(i).ids();
            int count = 0;
            for (int id : ids) {
                if (id == model.maskId()) {
                    count++;
                }
            }
            if (count == 0) {
                throw ApiException.validation("`inputs" + (texts.size() > 1 ? "[" + i + "]" : "")
                        + "` has no " + model.maskToken() + " token");
            }
            int[] p = new int[count];
            for (int t = 0, k = 0; t < ids.length; t++) {
                if (ids[t] == model.maskId()) {
                    p[k++] = t;
                }
            }
            positions.add(p);
        }
        Timer queue = metrics.queue(route);
        List<float[][]> logits = join(scheduler.fillMask(tokens, positions, queue));
        List<Masked> out = new ArrayList<>(tokens.size());
        for (int i = 0; i < tokens.size(); i++) {
            out.add(new Masked(tokens.get(i), positions.get(i), logits.get(i)));
        }
        return out;
    }

    /**
     * Tokens of each text. No model is involved, but the answer can be ~70 times the text: the
     * permit is sized (413 beyond the limit) from the characters before anything is tokenised.
     */
    public List<Tokens> tokenize(Admission.Permit permit, List<String> texts, boolean addSpecialTokens, String route) {
        checkCount(texts.size());
        long chars = 0;
        for (String t : texts) {
            chars += t.length() + 2;
        }
        permit.resize(0, chars * Admission.JSON_BYTES_PER_TOKENIZED_CHAR);
        Timer.Sample sample = Timer.start();
        try {
            List<Tokens> out = new ArrayList<>(texts.size());
            for (int i = 0; i < texts.size(); i++) {
                out.add(tokenizeText(texts.get(i), null, addSpecialTokens, i, texts.size()));
            }
            return out;
        } finally {
            sample.stop(metrics.tokenization(route));
        }
    }

    public List<String> decode(List<int[]> idLists, boolean skipSpecialTokens) {
        checkCount(idLists.size());
        List<String> out = new ArrayList<>(idLists.size());
        for (int i = 0; i < idLists.size(); i++) {
            checkVocabulary(idLists.get(i), "ids", i, idLists.size());
            out.add(backend.decode(idLists.get(i), skipSpecialTokens));
        }
        return out;
    }

    /** The vocabulary token of an id. */
    public String token(int id) {
        return backend.token(id);
    }

    public String decode(int[] ids) {
        return backend.decode(ids, true);
    }

    // ------------------------------------------------------------------------------ internals

    private static long count(List<Tokens> tokens) {
        long n = 0;
        for (Tokens t : tokens) {
            n += t.length();
        }
        return n;
    }

    private void checkCount(int count) {
        if (count > maxClientBatchSize) {
            throw ApiException.tooLarge("batch size " + count + " > maximum allowed batch size " + maxClientBatchSize);
        }
    }

    /** Validates and tokenizes every input, truncating or rejecting those over maxInputLength. */
    List<Tokens> prepare(List<Input> inputs, Boolean truncate, TruncationDirection direction, String route) {
        if (inputs.isEmpty()) {
            throw ApiException.validation("`inputs` cannot be empty");
        }
        checkCount(inputs.size());
        boolean cut = truncate != null ? truncate : autoTruncate;
        TruncationDirection dir = direction != null ? direction : TruncationDirection.RIGHT;
        Timer.Sample sample = Timer.start();
        try {
            List<Tokens> out = new ArrayList<>(inputs.size());
            for (int i = 0; i < inputs.size(); i++) {
                Input in = inputs.get(i);
                Tokens t;
                if (in.isIds()) {
                    checkVocabulary(in.ids(), "inputs", i, inputs.size());
                    t = Tokens.ofIds(in.ids());
                    if (t.length() > maxInputLength) {
                        if (!cut) {
                            throw tooLong(t.length(), i, inputs.size());
                        }
                        t = t.keep(maxInputLength, dir);
                    }
                } else {
                    t = tokenizeText(in.text(), in.pair(), true, i, inputs.size());
                    if (t.length() > maxInputLength) {
                        if (!cut) {
                            throw tooLong(t.length(), i, inputs.size());
                        }
                        t = truncated(in, dir);
                    }
                }
                metrics.inputTokens(route).record(t.length());
                out.add(t);
            }
            return out;
        } finally {
            sample.stop(metrics.tokenization(route));
        }
    }

    private Tokens truncated(Input in, TruncationDirection dir) {
        try {
            return backend.tokenizeTruncated(in.text(), in.pair(), maxInputLength, dir);
        } catch (IllegalArgumentException e) {
            throw new ApiException(ErrorType.TOKENIZER, "cannot truncate the input to " + maxInputLength
                    + " tokens: " + e.getMessage());
        }
    }

    private Tokens tokenizeText(String text, String pair, boolean addSpecialTokens, int index, int count) {
        if (text.isEmpty() || (pair != null && pair.isEmpty())) {
            throw ApiException.validation("`inputs" + (count > 1 ? "[" + index + "]" : "") + "` cannot be empty");
        }
        try {
            return backend.tokenize(text, pair, addSpecialTokens);
        } catch (RuntimeException e) {
            throw new ApiException(ErrorType.TOKENIZER, "tokenization failed: " + e.getMessage());
        }
    }

    private void checkVocabulary(int[] ids, String field, int index, int count) {
        int vocab = model.vocabSize();
        for (int k = 0; k < ids.length; k++) {
            if (ids[k] < 0 || ids[k] >= vocab) {
                throw ApiException.validation("token id " + ids[k] + " at `" + field + (count > 1 ? "[" + index + "]" : "")
                        + "[" + k + "]` is outside the vocabulary (0.." + (vocab - 1) + ")");
            }
        }
    }

    private ApiException tooLong(int length, int index, int count) {
        return ApiException.tooLarge("input validation error: `inputs" + (count > 1 ? "[" + index + "]" : "")
                + "` must have less than " + maxInputLength + " tokens. Given: " + length
                + " (set \"truncate\": true to cut it)");
    }

    private static <T> List<T> join(List<CompletableFuture<T>> futures) {
        List<T> out = new ArrayList<>(futures.size());
        for (CompletableFuture<T> f : futures) {
            try {
                out.add(f.join());
            } catch (CompletionException e) {
                if (e.getCause() instanceof ApiException api) {
                    throw api;
                }
                throw new ApiException(ErrorType.BACKEND, "inference failed: " + e.getCause());
            }
        }
        return out;
    }
}
