package io.github.distilbertj.api.http.dto;

import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.Map;

/** TEI's Info (GET /info). {@code model_type} is {@code {"embedding": {"pooling": ...}}} or {@code {"classifier": {...}}}. */
public record Info(@JsonProperty("model_id") String modelId,
                   @JsonProperty("model_sha") String modelSha,
                   @JsonProperty("model_dtype") String modelDtype,
                   @JsonProperty("model_type") Map<String, Object> modelType,
                   @JsonProperty("max_concurrent_requests") int maxConcurrentRequests,
                   @JsonProperty("max_input_length") int maxInputLength,
                   @JsonProperty("max_batch_tokens") int maxBatchTokens,
                   @JsonProperty("max_batch_requests") Integer maxBatchRequests,
                   @JsonProperty("max_client_batch_size") int maxClientBatchSize,
                   @JsonProperty("auto_truncate") boolean autoTruncate,
                   @JsonProperty("tokenization_workers") int tokenizationWorkers,
                   String version,
                   String sha,
                   @JsonProperty("docker_label") String dockerLabel,
                   @JsonProperty("kernel_tuning") Map<String, Object> kernelTuning) {
}
