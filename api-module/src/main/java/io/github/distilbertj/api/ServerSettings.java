package io.github.distilbertj.api;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

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
 */
@Validated
@ConfigurationProperties("distilbertj")
public record ServerSettings(
        Path model,
        String modelId,
        @DefaultValue("0") @Min(0) @Max(1024) int threads,
        @DefaultValue("8192") @Min(1) int maxBatchTokens,
        @DefaultValue("128") @Min(1) int maxBatchRequests,
        @DefaultValue("32") @Min(1) int maxClientBatchSize,
        @DefaultValue("0") @Min(0) int maxInputLength,
        @DefaultValue("512") @Min(1) int maxConcurrentRequests,
        @DefaultValue("false") boolean autoTruncate,
        String apiKey,
        @DefaultValue("2MB") @NotNull DataSize maxRequestSize) {

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
