package io.github.distilbertj.model;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * sentence-transformers prompts: text put before every input, by name ({@code config_sentence_transformers.json}
 * {@code "prompts": {"query": "query: ", ...}}), and the one applied when none is named
 * ({@code "default_prompt_name"}, may be null).
 */
public record Prompts(Map<String, String> byName, String defaultName) {

    public static final Prompts NONE = new Prompts(Map.of(), null);
    private static final JsonMapper JSON = JsonMapper.builder().build();

    public Prompts {
        byName = Map.copyOf(byName);
        if (defaultName != null && !byName.containsKey(defaultName)) {
            throw new IllegalArgumentException("default prompt '" + defaultName + "' is not one of " + byName.keySet());
        }
    }

    /** Reads config_sentence_transformers.json; {@link #NONE} when the file does not exist. */
    public static Prompts read(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            return NONE;
        }
        JsonNode root;
        try {
            root = JSON.readTree(Files.readString(file));
        } catch (JacksonException e) {
            throw new ModelFormatException(file + ": not valid JSON (" + e.getOriginalMessage() + ")", e);
        }
        Map<String, String> prompts = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> e : root.path("prompts").properties()) {
            if (!e.getValue().isString()) {
                throw new ModelFormatException(file + ": prompt '" + e.getKey() + "' is not a string");
            }
            prompts.put(e.getKey(), e.getValue().asString());
        }
        JsonNode def = root.path("default_prompt_name");
        String defaultName = def.isString() ? def.asString() : null;
        if (defaultName != null && !prompts.containsKey(defaultName)) {
            throw new ModelFormatException(file + ": default_prompt_name '" + defaultName + "' is not one of the prompts "
                    + prompts.keySet());
        }
        return new Prompts(prompts, defaultName);
    }

    /**
     * The texts with prompt {@code name} put before each, or with the default prompt when {@code name} is null
     * (unchanged when there is none).
     *
     * @throws IllegalArgumentException {@code name} is not one of this model's prompts
     */
    public List<String> apply(List<String> texts, String name) {
        String prompt;
        if (name == null) {
            prompt = defaultName == null ? null : byName.get(defaultName);
        } else {
            prompt = byName.get(name);
            if (prompt == null) {
                throw new IllegalArgumentException("unknown prompt '" + name + "': this model's prompts are "
                        + (byName.isEmpty() ? "none" : byName.keySet().toString()));
            }
        }
        if (prompt == null) {
            return texts;
        }
        List<String> out = new ArrayList<>(texts.size());
        for (String t : texts) {
            out.add(prompt + t);
        }
        return out;
    }
}
