package io.github.distilbertj.spark;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** JSON Lines written and read back by the tests (Spark writes a folder of part files). */
final class JsonLines {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private JsonLines() {
    }

    static void write(Path file, List<String> texts) throws IOException {
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < texts.size(); i++) {
            var node = JSON.createObjectNode().put("id", i).put("source", "doc-" + i);
            if (texts.get(i) == null) {
                node.putNull("text");
            } else {
                node.put("text", texts.get(i));
            }
            lines.add(JSON.writeValueAsString(node));
        }
        Files.write(file, lines);
    }

    static List<JsonNode> readFolder(Path folder) throws IOException {
        List<JsonNode> rows = new ArrayList<>();
        try (Stream<Path> parts = Files.list(folder)) {
            for (Path part : parts.filter(p -> p.getFileName().toString().startsWith("part-")).sorted().toList()) {
                for (String line : Files.readAllLines(part)) {
                    rows.add(JSON.readTree(line));
                }
            }
        }
        return rows;
    }

    static float[] floats(JsonNode array) {
        float[] out = new float[array.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = array.get(i).floatValue();
        }
        return out;
    }
}
