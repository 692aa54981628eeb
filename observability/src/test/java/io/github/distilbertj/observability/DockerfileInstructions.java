package io.github.distilbertj.observability;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A Dockerfile as its list of instructions: comments and blank lines dropped, backslash line
 * continuations joined, keywords upper-cased. Exec-form arguments ({@code ["a", "b"]}) parse as JSON.
 */
record DockerfileInstructions(List<Instruction> instructions) {

    record Instruction(String keyword, String arguments) {

        /** The arguments of an exec-form instruction, e.g. {@code ENTRYPOINT ["java", "-jar", "x.jar"]}. */
        List<String> execForm() {
            return jsonArray(arguments);
        }

        /** Whitespace-separated words of a shell-form instruction, flags ({@code --x=y}) included. */
        List<String> words() {
            return List.of(arguments.trim().split("\\s+"));
        }
    }

    static DockerfileInstructions parse(String text) {
        List<Instruction> out = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (String raw : text.split("\n", -1)) {
            String line = raw.strip();
            if (current.isEmpty() && (line.isEmpty() || line.startsWith("#"))) {
                continue;
            }
            if (!current.isEmpty() && line.startsWith("#")) {
                continue; // comment lines inside a continued instruction are dropped by Docker too
            }
            if (line.endsWith("\\")) {
                current.append(line, 0, line.length() - 1).append(' ');
                continue;
            }
            current.append(line);
            String joined = current.toString().strip();
            current.setLength(0);
            int space = joined.indexOf(' ');
            if (space < 0) {
                throw new IllegalArgumentException("instruction without arguments: " + joined);
            }
            out.add(new Instruction(joined.substring(0, space).toUpperCase(Locale.ROOT), joined.substring(space + 1).strip()));
        }
        if (!current.isEmpty()) {
            throw new IllegalArgumentException("the Dockerfile ends inside a continued line");
        }
        return new DockerfileInstructions(List.copyOf(out));
    }

    List<Instruction> all(String keyword) {
        return instructions.stream().filter(i -> i.keyword().equals(keyword)).toList();
    }

    Instruction only(String keyword) {
        List<Instruction> found = all(keyword);
        if (found.size() != 1) {
            throw new AssertionError("expected exactly one " + keyword + ", found " + found.size());
        }
        return found.get(0);
    }

    Instruction last(String keyword) {
        List<Instruction> found = all(keyword);
        if (found.isEmpty()) {
            throw new AssertionError("no " + keyword + " instruction");
        }
        return found.get(found.size() - 1);
    }

    static List<String> jsonArray(String json) {
        JsonNode node = JsonMapper.builder().build().readTree(json);
        if (!node.isArray()) {
            throw new IllegalArgumentException("not an exec-form (JSON array) argument list: " + json);
        }
        List<String> out = new ArrayList<>();
        node.forEach(n -> out.add(n.asString()));
        return out;
    }
}
