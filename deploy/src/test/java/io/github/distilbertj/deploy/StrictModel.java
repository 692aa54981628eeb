package io.github.distilbertj.deploy;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.type.LogicalType;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.openshift.api.model.monitoring.v1.ServiceMonitor;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Collection;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Schema validation of one manifest object, offline, with fabric8's typed Kubernetes model:
 * the object binds to the class of its apiVersion/kind with scalar coercion disabled (a string
 * where a number or boolean belongs fails, and the reverse), then every model object of the
 * result is walked for fields fabric8 did not know (they land in additionalProperties: a
 * misspelling), and the fields the API server requires are checked by hand.
 */
final class StrictModel {

    private static final Map<String, Class<? extends HasMetadata>> TYPES = Map.of(
            "apps/v1/Deployment", Deployment.class,
            "v1/Service", Service.class,
            "v1/ConfigMap", ConfigMap.class,
            "autoscaling/v2/HorizontalPodAutoscaler", HorizontalPodAutoscaler.class,
            "policy/v1/PodDisruptionBudget", PodDisruptionBudget.class,
            "monitoring.coreos.com/v1/ServiceMonitor", ServiceMonitor.class);

    static final ObjectMapper MAPPER = strictMapper();

    private StrictModel() {
    }

    private static ObjectMapper strictMapper() {
        JsonMapper mapper = JsonMapper.builder()
                .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
                .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY)
                .build();
        for (LogicalType type : List.of(LogicalType.Integer, LogicalType.Float, LogicalType.Boolean)) {
            mapper.coercionConfigFor(type).setCoercion(CoercionInputShape.String, CoercionAction.Fail);
        }
        mapper.coercionConfigFor(LogicalType.Textual)
                .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail);
        return mapper;
    }

    /** The typed object, or an IllegalArgumentException naming the object and every problem found. */
    static HasMetadata validate(JsonNode object) {
        String id = object.path("apiVersion").asText() + "/" + object.path("kind").asText();
        String name = id + " " + object.path("metadata").path("name").asText("(no name)");
        Class<? extends HasMetadata> type = TYPES.get(id);
        if (type == null) {
            throw new IllegalArgumentException(name + ": apiVersion/kind not among " + TYPES.keySet());
        }
        HasMetadata typed;
        try {
            typed = MAPPER.treeToValue(object, type);
        } catch (Exception e) {
            throw new IllegalArgumentException(name + ": " + e.getMessage(), e);
        }
        List<String> problems = new ArrayList<>();
        unknownFields(typed, "", problems, new IdentityHashMap<>());
        RequiredFields.check(typed, problems);
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException(name + ": " + String.join("; ", problems));
        }
        return typed;
    }

    /** Fields the model did not bind, anywhere in the object graph, as JSON-ish paths. */
    private static void unknownFields(Object node, String path, List<String> problems, IdentityHashMap<Object, Boolean> seen) {
        if (node == null || seen.put(node, Boolean.TRUE) != null) {
            return;
        }
        if (node instanceof Collection<?> list) {
            int i = 0;
            for (Object item : list) {
                unknownFields(item, path + "[" + i++ + "]", problems, seen);
            }
            return;
        }
        if (node instanceof Map<?, ?> map) {
            for (Map.Entry<?, ?> e : map.entrySet()) {
                unknownFields(e.getValue(), path + "." + e.getKey(), problems, seen);
            }
            return;
        }
        if (!node.getClass().getName().startsWith("io.fabric8.")) {
            return;
        }
        for (Method m : node.getClass().getMethods()) {
            if (m.getParameterCount() != 0 || Modifier.isStatic(m.getModifiers()) || !m.getName().startsWith("get")
                    || m.getDeclaringClass() == Object.class || SKIPPED_GETTERS.contains(m.getName())) {
                continue;
            }
            Object value;
            try {
                value = m.invoke(node);
            } catch (ReflectiveOperationException e) {
                continue;
            }
            String field = Character.toLowerCase(m.getName().charAt(3)) + m.getName().substring(4);
            if (m.getName().equals("getAdditionalProperties")) {
                if (value instanceof Map<?, ?> extra && !extra.isEmpty()) {
                    for (Object key : extra.keySet()) {
                        problems.add("unknown field " + path + "." + key);
                    }
                }
                continue;
            }
            unknownFields(value, path + "." + field, problems, seen);
        }
    }

    /** Derived getters of fabric8 types, not fields (Quantity's numeric views, IntOrString's variants). */
    private static final Set<String> SKIPPED_GETTERS = Set.of("getNumericalAmount", "getPlural", "getSingular",
            "getFullResourceName", "getApiVersion", "getKind");
}
