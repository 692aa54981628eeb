package io.github.distilbertj.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

/**
 * The manifests under deploy/kubernetes as JSON trees, overlays rendered the way kustomize does for
 * the features they use: {@code resources} (files and folders holding a kustomization.yaml) and
 * {@code patches} with a target (kind, name) and an inline JSON 6902 patch (add, replace, remove).
 * Any other kustomization field fails, so an overlay cannot use a feature this renderer would ignore;
 * {@code kubectl kustomize} cross-checks it where installed (ManifestSchemaTest).
 */
final class Manifests {

    static final Path ROOT = Path.of(System.getProperty("manifests.dir", "kubernetes")).toAbsolutePath().normalize();
    static final List<String> KUSTOMIZATIONS = List.of("base", "overlays/small", "overlays/production");
    static final ObjectMapper YAML = new YAMLMapper();
    private static final Set<String> SUPPORTED = Set.of("apiVersion", "kind", "resources", "patches");

    private Manifests() {
    }

    static List<JsonNode> render(String kustomization) {
        return render(ROOT.resolve(kustomization));
    }

    static List<JsonNode> render(Path dir) {
        JsonNode k = readAll(dir.resolve("kustomization.yaml")).getFirst();
        for (Iterator<String> names = k.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!SUPPORTED.contains(name)) {
                throw new IllegalArgumentException(dir + "/kustomization.yaml: field '" + name + "' is not supported here");
            }
        }
        List<JsonNode> objects = new ArrayList<>();
        for (JsonNode resource : k.path("resources")) {
            Path p = dir.resolve(resource.asText()).normalize();
            objects.addAll(Files.isDirectory(p) ? render(p) : readAll(p));
        }
        for (JsonNode patch : k.path("patches")) {
            String kind = patch.path("target").path("kind").asText();
            String name = patch.path("target").path("name").asText();
            JsonNode ops = parse(patch.path("patch").asText(), dir + " patch");
            int applied = 0;
            for (JsonNode object : objects) {
                if (object.path("kind").asText().equals(kind) && object.path("metadata").path("name").asText().equals(name)) {
                    JsonPatch.apply((ObjectNode) object, ops);
                    applied++;
                }
            }
            if (applied == 0) {
                throw new IllegalArgumentException(dir + ": patch target " + kind + "/" + name + " matches no object");
            }
        }
        return objects;
    }

    /** Every document of a YAML file (comments and empty documents skipped). */
    static List<JsonNode> readAll(Path file) {
        try (var parser = new YAMLFactory().createParser(file.toFile())) {
            List<JsonNode> docs = new ArrayList<>();
            for (Iterator<JsonNode> it = YAML.readValues(parser, JsonNode.class); it.hasNext(); ) {
                JsonNode doc = it.next();
                if (doc != null && !doc.isNull() && !doc.isMissingNode()) {
                    docs.add(doc);
                }
            }
            return docs;
        } catch (IOException e) {
            throw new UncheckedIOException(file.toString(), e);
        }
    }

    static JsonNode parse(String yaml, String source) {
        try {
            return YAML.readTree(yaml);
        } catch (IOException e) {
            throw new IllegalArgumentException(source + ": " + e.getMessage(), e);
        }
    }

    static JsonNode find(List<JsonNode> objects, String kind) {
        return objects.stream().filter(o -> o.path("kind").asText().equals(kind)).findFirst()
                .orElseThrow(() -> new AssertionError("no " + kind));
    }

    /** RFC 6902 add / replace / remove on JSON Pointer paths: what the overlays use. */
    static final class JsonPatch {

        private JsonPatch() {
        }

        static void apply(ObjectNode target, JsonNode ops) {
            for (JsonNode op : ops) {
                String path = op.path("path").asText();
                int slash = path.lastIndexOf('/');
                JsonNode parent = target.at(path.substring(0, slash));
                String last = path.substring(slash + 1).replace("~1", "/").replace("~0", "~");
                if (parent.isMissingNode()) {
                    throw new IllegalArgumentException("patch path " + path + ": no parent");
                }
                switch (op.path("op").asText()) {
                    case "replace", "add" -> {
                        boolean present = parent.isArray() ? !last.equals("-") && Integer.parseInt(last) < parent.size() : parent.has(last);
                        if (op.path("op").asText().equals("replace") && !present) {
                            throw new IllegalArgumentException("replace " + path + ": nothing there");
                        }
                        if (parent.isArray()) {
                            ArrayNode array = (ArrayNode) parent;
                            if (last.equals("-")) {
                                array.add(op.get("value"));
                            } else if (op.path("op").asText().equals("add")) {
                                array.insert(Integer.parseInt(last), op.get("value"));
                            } else {
                                array.set(Integer.parseInt(last), op.get("value"));
                            }
                        } else {
                            ((ObjectNode) parent).set(last, op.get("value"));
                        }
                    }
                    case "remove" -> {
                        if (parent.isArray()) {
                            ((ArrayNode) parent).remove(Integer.parseInt(last));
                        } else if (((ObjectNode) parent).remove(last) == null) {
                            throw new IllegalArgumentException("remove " + path + ": nothing there");
                        }
                    }
                    default -> throw new IllegalArgumentException("patch op '" + op.path("op").asText() + "' is not supported here");
                }
            }
        }
    }
}
