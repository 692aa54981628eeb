package io.github.distilbertj.api.scheduling;

import io.github.distilbertj.kernels.WeightFormat;
import io.github.distilbertj.model.Encoder;
import io.github.distilbertj.model.LoadOptions;
import io.github.distilbertj.model.ModelConfig;
import io.github.distilbertj.tokenizer.AddedToken;
import io.github.distilbertj.tokenizer.BertTokenizer;
import io.github.distilbertj.tokenizer.Encoding;
import io.github.distilbertj.tokenizer.TemplateProcessor;
import io.github.distilbertj.tokenizer.TruncationOptions;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Objects;
import java.util.Set;

/** {@link InferenceBackend} over the project's {@link Encoder}. */
public final class EncoderBackend implements InferenceBackend {

    /** The Hugging Face id of the built-in model. */
    public static final String BUILTIN_MODEL_ID = "sentence-transformers/all-MiniLM-L6-v2";

    private final Encoder encoder;
    private final ModelInfo info;
    private final BertTokenizer tokenizer;
    private final Set<Integer> specialIds;
    private final int prefixSpecials;
    private final int suffixSpecials;

    EncoderBackend(Encoder encoder, String modelId) {
        this.encoder = Objects.requireNonNull(encoder, "encoder");
        this.tokenizer = encoder.tokenizer().withoutTruncation().withoutPadding();
        ModelConfig config = encoder.config();
        Set<Integer> specials = new HashSet<>();
        for (AddedToken t : tokenizer.addedTokens()) {
            if (t.special()) {
                specials.add(t.id());
            }
        }
        int prefix = 0;
        int suffix = 0;
        boolean afterSequence = false;
        for (TemplateProcessor.Piece p : tokenizer.template().single()) {
            if (p.sequence() != null) {
                afterSequence = true;
            } else if (afterSequence) {
                suffix += p.ids().length;
            } else {
                prefix += p.ids().length;
            }
            for (int id : p.ids()) {
                specials.add(id);
            }
        }
        this.specialIds = Set.copyOf(specials);
        this.prefixSpecials = prefix;
        this.suffixSpecials = suffix;
        String maskToken = null;
        int maskId = -1;
        if (encoder.hasMaskedLmHead()) {
            maskId = tokenizer.maskId();
            maskToken = tokenizer.idToToken(maskId);
        }
        this.info = new ModelInfo(modelId, config.modelType().configName(), dtype(encoder.weightFormat()), config.hiddenSize(),
                config.maxPositions(), config.vocabSize(), config.pooling().name().toLowerCase(java.util.Locale.ROOT),
                encoder.labels(), encoder.hasMaskedLmHead(), maskToken, maskId, kernels(encoder));
    }

    @Override
    public io.github.distilbertj.model.Prompts prompts() {
        return encoder.prompts();
    }

    /** Threads and the measured kernel tuning, for /info and the start-up log. */
    static java.util.Map<String, Object> kernels(Encoder encoder) {
        io.github.distilbertj.kernels.KernelTuner.Result t = encoder.kernelTuning();
        java.util.Map<String, Object> m = new java.util.LinkedHashMap<>();
        m.put("threads", encoder.threads());
        m.put("tuning", t.tuning().asMap());
        m.put("source", t.source());
        if (t.searchMillis() > 0) {
            m.put("search_ms", t.searchMillis());
            m.put("speedup_vs_defaults", Math.round(t.speedup() * 1000) / 1000.0);
        }
        if (!t.handOffMicros().isEmpty()) {
            m.put("hand_off_us", t.handOffMicros());
        }
        m.put("machine", t.machineKey());
        return m;
    }

    /** Loads a model reference (folder, catalogue name or Hub id), or the built-in all-MiniLM-L6-v2 when {@code folder} is null. */
    public static EncoderBackend load(Path folder, String modelId, LoadOptions options) throws IOException {
        if (folder == null) {
            return new EncoderBackend(Encoder.builtin(options), modelId != null ? modelId : BUILTIN_MODEL_ID);
        }
        // A folder, a catalogue name or a Hub id ORG/NAME[@REVISION] (Encoder.load(String) resolves it).
        Path name = folder.toAbsolutePath().normalize().getFileName();
        String id = modelId != null ? modelId : !Files.isDirectory(folder) ? folder.toString()
                : name == null ? folder.toString() : name.toString();
        return new EncoderBackend(Encoder.load(folder.toString(), options), id);
    }

    /** TEI's model_dtype names (float32, bfloat16); int8 for weight-only INT8 (activations stay fp32). */
    static String dtype(WeightFormat format) {
        return switch (format) {
            case F32 -> "float32";
            case BF16 -> "bfloat16";
            case INT8 -> "int8";
        };
    }

    @Override
    public ModelInfo info() {
        return info;
    }

    @Override
    public Tokens tokenize(String first, String second, boolean addSpecialTokens) {
        if (second != null && !addSpecialTokens) {
            throw new IllegalArgumentException("a pair is always encoded with special tokens");
        }
        Encoding e = second == null ? tokenizer.encode(first) : tokenizer.encode(first, second);
        Tokens t = toTokens(e);
        if (!addSpecialTokens && (prefixSpecials > 0 || suffixSpecials > 0)) {
            int n = t.length() - prefixSpecials - suffixSpecials;
            t = t.keep(t.length() - prefixSpecials, TruncationDirection.LEFT).keep(Math.max(n, 0), TruncationDirection.RIGHT);
        }
        return t;
    }

    @Override
    public Tokens tokenizeTruncated(String first, String second, int maxLength, TruncationDirection direction) {
        TruncationOptions options = new TruncationOptions(maxLength, TruncationOptions.Strategy.LONGEST_FIRST,
                direction == TruncationDirection.LEFT ? TruncationOptions.Direction.LEFT : TruncationOptions.Direction.RIGHT, 0);
        BertTokenizer truncating = tokenizer.withTruncation(options);
        return toTokens(second == null ? truncating.encode(first) : truncating.encode(first, second));
    }

    private Tokens toTokens(Encoding e) {
        int n = e.length();
        int[] ids = e.ids();
        int[] starts = new int[n];
        int[] ends = new int[n];
        boolean[] special = new boolean[n];
        for (int i = 0; i < n; i++) {
            special[i] = specialIds.contains(ids[i]);
            starts[i] = e.start(i);
            ends[i] = e.end(i);
        }
        return new Tokens(ids, e.typeIds(), e.tokens(), starts, ends, special);
    }

    @Override
    public String decode(int[] ids, boolean skipSpecialTokens) {
        return tokenizer.decode(ids, skipSpecialTokens);
    }

    @Override
    public String token(int id) {
        return tokenizer.idToToken(id);
    }

    @Override
    public float[][][] forward(int[][] ids, int[][] typeIds) {
        int[][] types = "bert".equals(info.architecture()) ? typeIds : null;
        return encoder.forward(ids, types, null);
    }

    @Override
    public float[] pool(float[][] lastHiddenState, boolean normalize) {
        int[] mask = new int[lastHiddenState.length];
        java.util.Arrays.fill(mask, 1);
        float[] pooled = encoder.config().pooling().pool(new float[][][] {lastHiddenState}, new int[][] {mask})[0];
        if (normalize) {
            io.github.distilbertj.model.Pooling.normalize(pooled);
        }
        return pooled;
    }

    @Override
    public float[][] classify(int[][] ids, int[][] typeIds) {
        int[][] types = "bert".equals(info.architecture()) ? typeIds : null;
        return encoder.classifierLogits(ids, types, null);
    }

    @Override
    public float[][][] maskedLm(int[][] ids, int[][] positions) {
        int count = 0;
        for (int[] p : positions) {
            count += p.length;
        }
        int[][] flat = new int[count][];
        int k = 0;
        for (int s = 0; s < positions.length; s++) {
            for (int p : positions[s]) {
                flat[k++] = new int[] {s, p};
            }
        }
        float[][] logits = encoder.maskedLmLogits(ids, null, flat);
        float[][][] out = new float[positions.length][][];
        k = 0;
        for (int s = 0; s < positions.length; s++) {
            out[s] = new float[positions[s].length][];
            for (int j = 0; j < positions[s].length; j++) {
                out[s][j] = logits[k++];
            }
        }
        return out;
    }

    /** Masked-LM rows (token positions) per head call: bounds the logits buffer to ~64 MB for a 30k vocabulary. */
    private static final int SPLADE_ROWS = 512;

    @Override
    public float[][] splade(int[][] ids) {
        int vocab = info.vocabSize();
        float[][] out = new float[ids.length][vocab];
        int s = 0;
        while (s < ids.length) {
            // Sequences in groups of at most SPLADE_ROWS tokens (one longer sequence runs alone).
            int end = s;
            int rows = 0;
            while (end < ids.length && (end == s || rows + ids[end].length <= SPLADE_ROWS)) {
                rows += ids[end].length;
                end++;
            }
            int[][] group = java.util.Arrays.copyOfRange(ids, s, end);
            int[][] positions = new int[rows][];
            int k = 0;
            for (int g = 0; g < group.length; g++) {
                for (int t = 0; t < group[g].length; t++) {
                    positions[k++] = new int[] {g, t};
                }
            }
            float[][] logits = encoder.maskedLmLogits(group, null, positions);
            for (int r = 0; r < rows; r++) {
                float[] weights = out[s + positions[r][0]];
                float[] row = logits[r];
                for (int v = 0; v < vocab; v++) {
                    // log1p(relu(x)) is monotonic in x: the max over tokens is taken on the logits first.
                    if (row[v] > weights[v]) {
                        weights[v] = row[v];
                    }
                }
            }
            s = end;
        }
        for (float[] weights : out) {
            for (int v = 0; v < vocab; v++) {
                weights[v] = (float) Math.log1p(weights[v]);
            }
        }
        return out;
    }

    @Override
    public void close() {
        encoder.close();
    }
}
