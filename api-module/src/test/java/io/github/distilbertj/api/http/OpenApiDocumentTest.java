package io.github.distilbertj.api.http;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Map;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The OpenAPI document springdoc generates from the controllers (/openapi.json) against TEI 1.9's: every TEI
 * route is there with the same method, and each request body has exactly TEI's field names.
 */
class OpenApiDocumentTest extends BuiltinModelTest {

    @Test
    void everyTeiRouteWithTeisRequestFields() throws Exception {
        Http.Response r = http.get("/openapi.json");
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        JsonNode ours = r.json();
        JsonNode tei = Http.JSON.readTree(Files.readString(Path.of(System.getProperty("shared.dir"),
                "specs", "tei-1.9", "openapi.json")));
        int checked = 0;
        for (Map.Entry<String, JsonNode> path : tei.get("paths").properties()) {
            for (Map.Entry<String, JsonNode> op : path.getValue().properties()) {
                JsonNode mine = ours.path("paths").path(path.getKey()).path(op.getKey());
                assertThat(mine.isMissingNode()).as(op.getKey() + " " + path.getKey() + " in /openapi.json").isFalse();
                JsonNode teiBody = op.getValue().path("requestBody").path("content").path("application/json").path("schema");
                if (!teiBody.isMissingNode()) {
                    JsonNode myBody = mine.path("requestBody").path("content").path("application/json").path("schema");
                    assertThat(fields(ours, myBody)).as("request fields of " + path.getKey())
                            .isEqualTo(fields(tei, teiBody));
                }
                checked++;
            }
        }
        assertThat(checked).isEqualTo(12);
        Http.Response docs = http.get("/docs");
        assertThat(docs.status()).isIn(200, 302);
        // springdoc redirects /docs to its Swagger UI page.
        Http.Response page = http.get("/swagger-ui/index.html");
        assertThat(page.status()).as("the browsable page").isEqualTo(200);
        assertThat(page.body()).contains("swagger-ui");
    }

    private static TreeSet<String> fields(JsonNode doc, JsonNode schema) {
        JsonNode resolved = schema;
        if (schema.has("$ref")) {
            String name = schema.get("$ref").asString().substring("#/components/schemas/".length());
            resolved = doc.get("components").get("schemas").get(name);
        }
        TreeSet<String> out = new TreeSet<>();
        for (Iterator<String> it = resolved.path("properties").propertyNames().iterator(); it.hasNext(); ) {
            out.add(it.next());
        }
        return out;
    }
}
