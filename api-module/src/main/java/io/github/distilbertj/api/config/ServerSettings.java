package io.github.distilbertj.api.config;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

import java.nio.file.Path;

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
 * @param maxConcurrentRequests  requests in flight on the inference routes beyond which 429 is answered at once
 * @param autoTruncate           the default of {@code truncate} when a request does not say
 * @param apiKey                 when set, every route but health needs {@code Authorization: Bearer <key>}
 * @param maxRequestSize         largest request body accepted (413 beyond), checked before any parsing
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
        @DefaultValue("512") int maxConcurrentRequests,
        @DefaultValue("false") boolean autoTruncate,
        String apiKey,
        @DefaultValue("2MB") DataSize maxRequestSize) {

    public ServerSettings {
        range("threads", threads, 0, 1024);
        range("max-batch-tokens", maxBatchTokens, 1, Integer.MAX_VALUE);
        range("max-batch-requests", maxBatchRequests, 1, Integer.MAX_VALUE);
        range("max-client-batch-size", maxClientBatchSize, 1, Integer.MAX_VALUE);
        range("max-input-length", maxInputLength, 0, Integer.MAX_VALUE);
        range("max-concurrent-requests", maxConcurrentRequests, 1, Integer.MAX_VALUE);
        if (maxRequestSize == null || maxRequestSize.toBytes() < 1) {
            throw new IllegalArgumentException("distilbertj.max-request-size must be at least 1 byte, got " + maxRequestSize);
        }
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
                + ", maxConcurrentRequests=" + maxConcurrentRequests + ", autoTruncate=" + autoTruncate
                + ", apiKey=" + (apiKeyEnabled() ? "***" : "unset") + ", maxRequestSize=" + maxRequestSize + "]";
    }
}
