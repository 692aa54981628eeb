package io.github.distilbertj.deploy;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;

import java.util.List;
import java.util.Map;

/**
 * The Prometheus Adapter's config.yaml (rules for custom.metrics.k8s.io), bound strictly: the
 * adapter's own config types (sigs.k8s.io/prometheus-adapter pkg/config) as records, unknown
 * fields failing.
 */
record AdapterRules(List<Rule> rules) {

    record Rule(@JsonProperty(required = true) String seriesQuery, List<Filter> seriesFilters,
                @JsonProperty(required = true) Resources resources, @JsonProperty(required = true) Name name,
                @JsonProperty(required = true) String metricsQuery) {
    }

    record Filter(String is, String isNot) {
    }

    record Resources(Map<String, Override> overrides, String template) {
    }

    record Override(String group, @JsonProperty(required = true) String resource) {
    }

    record Name(String matches, String as) {
    }

    private static final ObjectMapper STRICT = YAMLMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    /** The rules of a ConfigMap holding {@code data.config.yaml}. */
    static AdapterRules parse(JsonNode configMap) {
        String yaml = configMap.path("data").path("config.yaml").asText(null);
        if (yaml == null) {
            throw new IllegalArgumentException("the ConfigMap has no data.config.yaml");
        }
        try {
            return STRICT.readValue(yaml, AdapterRules.class);
        } catch (Exception e) {
            throw new IllegalArgumentException("config.yaml: " + e.getMessage(), e);
        }
    }
}
