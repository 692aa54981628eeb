package io.github.distilbertj.api.config;

import io.github.distilbertj.kernels.KernelTuner;
import io.github.distilbertj.model.LoadOptions;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

import java.nio.file.Path;
import java.time.Duration;

/**
 * Everything under {@code distilbertj.*}; set as {@code --distilbertj.max-batch-tokens=8192},
 * as an environment variable {@code DISTILBERTJ_MAX_BATCH_TOKENS=8192} or in application.properties.
 *
 * @param model                  a Hugging Face model folder; unset = the built-in all-MiniLM-L6-v2
 * @param modelId                the name reported by /info and /v1/embeddings; unset = derived from the model
 * @param threads                kernel threads of the model (the inference thread included); 0 = all processors
 * @param maxBatchTokens         most tokens (sum of the sequences' lengths) one forward pass takes
 * @param maxBatchRequests       most sequences one forward pass takes
 * @param maxClientBatchSize     most inputs one request may carry (413 beyond)
 * @param maxInputLength         most tokens one input may have, special tokens included; 0 = the model's max positions
 * @param maxConcurrentRequests  requests in flight on the model routes beyond which 429 is answered (TEI's
 *                               max-concurrent-requests); below Tomcat's 200 threads so that it can fire
 * @param maxConcurrentTokens    tokens of admitted requests in flight beyond which 429 is answered;
 *                               0 = two batches' worth, at least one largest request
 * @param maxResponseSize        largest estimated answer of one request (413 beyond): /embed_all, /tokenize
 * @param maxConcurrentResponseSize estimated answer bytes of admitted requests in flight (429 beyond)
 * @param rejectDelay            how long a 429 waits before it is sent (no thread held): paces clients that
 *                               retry at once; 0 = at once
 * @param drainGrace             on SIGTERM, how long readiness and /health answer 503 while requests are still
 *                               served (each with {@code Connection: close}) before the listener closes
 * @param autoTruncate           the default of {@code truncate} when a request does not say
 * @param apiKey                 when set, every route but health needs {@code Authorization: Bearer <key>}
 * @param maxRequestSize         largest request body accepted (413 beyond), checked before any parsing
 * @param weights                storage of the model's Linear weights: auto (the default: int8 for the catalogue's
 *                               {@code -q} int8 exports, whose weights are int8 already, f32 otherwise), f32, bf16
 *                               or int8 (converted at load)
 * @param activations            how every Linear's input is represented: f32 (the default; weight-only quantization
 *                               for bf16/int8 weights and the -q exports), model (uint8 per call where the model file
 *                               quantizes them, i.e. ONNX Runtime's arithmetic on a -q export: vectors compatible with
 *                               ones it wrote) or u8 (always)
 * @param tuning                 kernel blocking/threading parameters: auto (measured once per machine, cached under
 *                               ~/.cache/distilbertj/kernel-tuning; the default), retune (measure again) or off
 * @param runOnCallerWhenIdle    a request that finds the model idle runs its batch on its own (Tomcat) thread instead
 *                               of handing it to the inference thread and waiting. Off by default: it skips two
 *                               hand-offs, yet measured 0.4-1.0 ms slower per lone request on the 2-core Zen 5 VM
 *                               (api-module README, "One request"); try it on your machine
 * @throws IllegalArgumentException a value out of its range (binding fails and start-up stops with the message)
 */
@ConfigurationProperties("distilbertj")
public record ServerSettings(
        Path model,
        String modelId,
        @DefaultValue("0") int threads,
        @DefaultValue("8192") int maxBatchTokens,
        @DefaultValue("128") int maxBatchRequests,
        @DefaultValue("32") int maxClientBatchSize,
        @DefaultValue("0") int maxInputLength,
        @DefaultValue("128") int maxConcurrentRequests,
        @DefaultValue("0") long maxConcurrentTokens,
        @DefaultValue("16MB") DataSize maxResponseSize,
        @DefaultValue("64MB") DataSize maxConcurrentResponseSize,
        @DefaultValue("100ms") Duration rejectDelay,
        @DefaultValue("false") boolean autoTruncate,
        String apiKey,
        @DefaultValue("2MB") DataSize maxRequestSize,
        @DefaultValue("5s") Duration drainGrace,
        @DefaultValue(ServerSettings.AUTO_WEIGHTS) String weights,
        @DefaultValue("f32") String activations,
        @DefaultValue("auto") String tuning,
        @DefaultValue("false") boolean runOnCallerWhenIdle) {

    public ServerSettings {
        range("threads", threads, 0, 1024);
        range("max-batch-tokens", maxBatchTokens, 1, Integer.MAX_VALUE);
        range("max-batch-requests", maxBatchRequests, 1, Integer.MAX_VALUE);
        range("max-client-batch-size", maxClientBatchSize, 1, Integer.MAX_VALUE);
        range("max-input-length", maxInputLength, 0, Integer.MAX_VALUE);
        range("max-concurrent-requests", maxConcurrentRequests, 1, Integer.MAX_VALUE);
        if (maxConcurrentTokens < 0) {
            throw new IllegalArgumentException("distilbertj.max-concurrent-tokens must be >= 0, got " + maxConcurrentTokens);
        }
        positive("max-request-size", maxRequestSize);
        positive("max-response-size", maxResponseSize);
        positive("max-concurrent-response-size", maxConcurrentResponseSize);
        if (maxConcurrentResponseSize.toBytes() < maxResponseSize.toBytes()) {
            throw new IllegalArgumentException("distilbertj.max-concurrent-response-size (" + maxConcurrentResponseSize
                    + ") must be >= distilbertj.max-response-size (" + maxResponseSize + ")");
        }
        notNegative("reject-delay", rejectDelay);
        notNegative("drain-grace", drainGrace);
        if (!isAuto(weights)) {
            try {
                LoadOptions.parseWeights(weights);
            } catch (IllegalArgumentException unknown) {
                throw new IllegalArgumentException(LoadOptions.WEIGHTS_PROPERTY + " must be one of " + AUTO_WEIGHTS + "|"
                        + io.github.distilbertj.kernels.WeightFormat.accepted() + ", got '" + weights + "'");
            }
        }
        LoadOptions.parseActivations(activations);
        KernelTuner.Mode.parse(tuning);
    }

    /** {@code distilbertj.weights}' default: the format the checkpoint's weights already have. */
    public static final String AUTO_WEIGHTS = "auto";

    private static boolean isAuto(String weights) {
        return weights == null || weights.trim().equalsIgnoreCase(AUTO_WEIGHTS);
    }

    /** The weight format to load with: as configured, or for auto INT8 for a catalogue int8 export, else F32. */
    public io.github.distilbertj.kernels.WeightFormat weightFormat() {
        if (!isAuto(weights)) {
            return LoadOptions.parseWeights(weights);
        }
        boolean int8Export = model != null && io.github.distilbertj.model.reference.CatalogueModel.find(model.toString())
                .map(io.github.distilbertj.model.reference.CatalogueModel::int8).orElse(false);
        return int8Export ? io.github.distilbertj.kernels.WeightFormat.INT8 : io.github.distilbertj.kernels.WeightFormat.F32;
    }

    /** How the model is loaded: its kernel threads and weight format. */
    public LoadOptions loadOptions() {
        return new LoadOptions(effectiveThreads(), weightFormat(), KernelTuner.Mode.parse(tuning),
                LoadOptions.parseActivations(activations));
    }

    private static void positive(String name, DataSize size) {
        if (size == null || size.toBytes() < 1) {
            throw new IllegalArgumentException("distilbertj." + name + " must be at least 1 byte, got " + size);
        }
    }

    private static void notNegative(String name, Duration d) {
        if (d == null || d.isNegative()) {
            throw new IllegalArgumentException("distilbertj." + name + " must be >= 0, got " + d);
        }
    }

    /**
     * The token budget in flight: as set, or two batches (one running, one forming; more only
     * waits in the queue), and never less than one largest request ({@code maxRequestTokens}).
     */
    public long effectiveMaxConcurrentTokens(long maxRequestTokens) {
        if (maxConcurrentTokens == 0) {
            return Math.max(2L * maxBatchTokens, maxRequestTokens);
        }
        if (maxConcurrentTokens < maxRequestTokens) {
            throw new IllegalArgumentException("distilbertj.max-concurrent-tokens (" + maxConcurrentTokens
                    + ") must be >= max-client-batch-size x max-input-length (" + maxRequestTokens
                    + "), or the largest request could never be admitted");
        }
        return maxConcurrentTokens;
    }

    private static void range(String name, int value, int min, int max) {
        if (value < min || value > max) {
            throw new IllegalArgumentException("distilbertj." + name + " must be "
                    + (max == Integer.MAX_VALUE ? ">= " + min : "between " + min + " and " + max) + ", got " + value);
        }
    }

    /** Kernel threads to give the model. */
    public int effectiveThreads() {
        return threads == 0 ? Runtime.getRuntime().availableProcessors() : threads;
    }

    /** True when an API key is configured (a blank key counts as none). */
    public boolean apiKeyEnabled() {
        return apiKey != null && !apiKey.isBlank();
    }

    @Override
    public String toString() {
        // Never print the key.
        return "ServerSettings[model=" + model + ", modelId=" + modelId + ", threads=" + threads
                + ", maxBatchTokens=" + maxBatchTokens + ", maxBatchRequests=" + maxBatchRequests
                + ", maxClientBatchSize=" + maxClientBatchSize + ", maxInputLength=" + maxInputLength
                + ", maxConcurrentRequests=" + maxConcurrentRequests + ", maxConcurrentTokens=" + maxConcurrentTokens
                + ", maxResponseSize=" + maxResponseSize + ", maxConcurrentResponseSize=" + maxConcurrentResponseSize
                + ", rejectDelay=" + rejectDelay + ", autoTruncate=" + autoTruncate
                + ", apiKey=" + (apiKeyEnabled() ? "***" : "unset") + ", maxRequestSize=" + maxRequestSize
                + ", drainGrace=" + drainGrace + ", weights=" + weights + ", activations=" + activations + ", tuning=" + tuning
                + ", runOnCallerWhenIdle=" + runOnCallerWhenIdle + "]";
    }
}
