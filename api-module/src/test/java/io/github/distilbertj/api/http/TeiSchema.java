package io.github.distilbertj.api.http;

import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * TEI 1.9's contract (shared/specs/tei-1.9/openapi.json): whether a status is one TEI's spec lists for a
 * route, and whether a body validates against that response's schema. The OpenAPI 3.0 schemas are turned
 * into JSON Schema 2020-12 ({@code nullable: true} becomes {@code anyOf [schema, null]}, component refs
 * point into {@code $defs}) and checked with networknt's validator.
 */
final class TeiSchema {

    static final TeiSchema SPEC = load();

    private final JsonNode openapi;
    private final JsonNode defs;
    private final SchemaRegistry registry = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12);

    private TeiSchema(JsonNode openapi) {
        this.openapi = openapi;
        this.defs = convert(openapi.get("components").get("schemas"));
    }

    private static TeiSchema load() {
        Path file = Path.of(System.getProperty("shared.dir", "../../shared"), "specs", "tei-1.9", "openapi.json");
        try {
            return new TeiSchema(Http.JSON.readTree(Files.readString(file)));
        } catch (IOException e) {
            throw new UncheckedIOException("TEI's openapi.json is expected at " + file.toAbsolutePath(), e);
        }
    }

    /** Errors of {@code body} against components.schemas.{@code name}. */
    List<Error> validate(String name, String body) {
        assertThat(defs.has(name)).as("TEI's spec has a schema " + name).isTrue();
        ObjectNode root = JsonNodeFactory.instance.objectNode();
        root.put("$schema", "https://json-schema.org/draft/2020-12/schema");
        root.set("$defs", defs);
        root.put("$ref", "#/$defs/" + name);
        Schema schema = registry.getSchema(root);
        return schema.validate(Http.JSON.readTree(body));
    }

    /**
     * Asserts that TEI's spec lists {@code r.status()} for {@code method path}, and that the body validates
     * against that response's schema (when it has one). Returns the schema name checked, or null.
     */
    String assertConforms(String method, String path, Http.Response r) {
        JsonNode operation = openapi.get("paths").get(path).get(method.toLowerCase(java.util.Locale.ROOT));
        assertThat(operation).as("TEI's spec has " + method + " " + path).isNotNull();
        JsonNode response = operation.get("responses").get(Integer.toString(r.status()));
        assertThat(response).as(method + " " + path + " answered " + r.status() + ", which TEI's spec does not list: "
                + r.body()).isNotNull();
        JsonNode schema = response.path("content").path("application/json").path("schema");
        if (schema.isMissingNode()) {
            return null;
        }
        String name = schema.get("$ref").asString().substring("#/components/schemas/".length());
        List<Error> errors = validate(name, r.body());
        assertThat(errors).as(method + " " + path + " " + r.status() + " body against TEI's " + name + ": " + r.body()).isEmpty();
        return name;
    }

    /** OpenAPI 3.0 schema -> JSON Schema 2020-12. */
    private static JsonNode convert(JsonNode node) {
        if (node.isArray()) {
            ArrayNode out = JsonNodeFactory.instance.arrayNode();
            for (JsonNode item : node) {
                out.add(convert(item));
            }
            return out;
        }
        if (!node.isObject()) {
            return node;
        }
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        boolean nullable = false;
        for (Map.Entry<String, JsonNode> e : new ArrayList<>(node.properties())) {
            String key = e.getKey();
            JsonNode value = e.getValue();
            if (key.equals("nullable")) {
                nullable = value.asBoolean();
            } else if (key.equals("$ref")) {
                out.put("$ref", value.asString().replace("#/components/schemas/", "#/$defs/"));
            } else if (key.equals("example") || key.equals("default")) {
                // Annotations only (and TEI's examples are strings where the type says otherwise).
                continue;
            } else {
                out.set(key, convert(value));
            }
        }
        if (!nullable) {
            return out;
        }
        ObjectNode anyOf = JsonNodeFactory.instance.objectNode();
        ArrayNode options = anyOf.putArray("anyOf");
        options.add(out);
        options.addObject().put("type", "null");
        return anyOf;
    }
}
