package io.github.distilbertj.api.http;

import io.github.distilbertj.api.error.ApiException;
import io.github.distilbertj.api.scheduling.Input;

import tools.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.List;

/**
 * Reads the polymorphic input fields of TEI and OpenAI requests from JSON, with messages that
 * name the offending element. Shapes follow TEI's {@code Input} (a string, token ids, or a list
 * of either), {@code PredictInput} (a string, a pair, or a list of one- or two-string lists)
 * and {@code InputIds} (ids or a list of ids).
 */
final class InputParser {

    private InputParser() {
    }

    /** A string, a list of token ids, or a list whose items are strings or lists of token ids. */
    static List<Input> inputs(JsonNode node, String field) {
        require(node, field);
        if (node.isString()) {
            return List.of(Input.text(node.asString()));
        }
        if (!node.isArray()) {
            throw ApiException.validation("`" + field + "` must be a string, a list of strings, a list of token ids"
                    + " or a list of lists of token ids");
        }
        if (node.isEmpty()) {
            throw ApiException.validation("`" + field + "` cannot be empty");
        }
        if (node.get(0).isNumber()) {
            return List.of(Input.ids(ids(node, field)));
        }
        List<Input> out = new ArrayList<>(node.size());
        for (int i = 0; i < node.size(); i++) {
            JsonNode item = node.get(i);
            String name = field + "[" + i + "]";
            if (item.isString()) {
                out.add(Input.text(item.asString()));
            } else if (item.isArray()) {
                out.add(Input.ids(ids(item, name)));
            } else {
                throw ApiException.validation("`" + name + "` must be a string or a list of token ids");
            }
        }
        return out;
    }

    /** A string or a list of strings (TEI's TokenizeInput and fill-mask inputs); batch = given as a list. */
    static List<String> texts(JsonNode node, String field) {
        require(node, field);
        if (node.isString()) {
            return List.of(node.asString());
        }
        if (!node.isArray()) {
            throw ApiException.validation("`" + field + "` must be a string or a list of strings");
        }
        if (node.isEmpty()) {
            throw ApiException.validation("`" + field + "` cannot be empty");
        }
        List<String> out = new ArrayList<>(node.size());
        for (int i = 0; i < node.size(); i++) {
            JsonNode item = node.get(i);
            if (!item.isString()) {
                throw ApiException.validation("`" + field + "[" + i + "]` must be a string");
            }
            out.add(item.asString());
        }
        return out;
    }

    /** TEI's PredictInput. {@link Predict#batch()} tells whether the answer is a list of lists. */
    static Predict predictInputs(JsonNode node, String field) {
        require(node, field);
        if (node.isString()) {
            return new Predict(List.of(Input.text(node.asString())), false);
        }
        String shape = "`" + field + "` must be a string, a pair of strings [string, string]"
                + " or a batch of strings and pairs [[string], [string, string], ...]";
        if (!node.isArray() || node.isEmpty()) {
            throw ApiException.validation(node.isArray() ? "`" + field + "` cannot be empty" : shape);
        }
        if (node.get(0).isString()) {
            if (node.size() > 2 || !node.get(node.size() - 1).isString()) {
                throw ApiException.validation(shape);
            }
            Input in = node.size() == 1 ? Input.text(node.get(0).asString())
                    : Input.pair(node.get(0).asString(), node.get(1).asString());
            return new Predict(List.of(in), false);
        }
        List<Input> out = new ArrayList<>(node.size());
        for (int i = 0; i < node.size(); i++) {
            JsonNode item = node.get(i);
            if (!item.isArray() || item.isEmpty() || item.size() > 2 || !item.get(0).isString()
                    || !item.get(item.size() - 1).isString()) {
                throw ApiException.validation("`" + field + "[" + i + "]` must be [string] or [string, string]");
            }
            out.add(item.size() == 1 ? Input.text(item.get(0).asString())
                    : Input.pair(item.get(0).asString(), item.get(1).asString()));
        }
        return new Predict(out, true);
    }

    /** TEI's InputIds: a list of ids or a list of lists of ids. */
    static List<int[]> idLists(JsonNode node, String field) {
        require(node, field);
        if (!node.isArray()) {
            throw ApiException.validation("`" + field + "` must be a list of token ids or a list of lists of token ids");
        }
        if (node.isEmpty()) {
            throw ApiException.validation("`" + field + "` cannot be empty");
        }
        if (node.get(0).isArray()) {
            List<int[]> out = new ArrayList<>(node.size());
            for (int i = 0; i < node.size(); i++) {
                JsonNode item = node.get(i);
                if (!item.isArray()) {
                    throw ApiException.validation("`" + field + "[" + i + "]` must be a list of token ids");
                }
                out.add(ids(item, field + "[" + i + "]"));
            }
            return out;
        }
        return List.of(ids(node, field));
    }

    record Predict(List<Input> inputs, boolean batch) {
    }

    private static int[] ids(JsonNode array, String field) {
        if (array.isEmpty()) {
            throw ApiException.validation("`" + field + "` cannot be empty");
        }
        int[] ids = new int[array.size()];
        for (int i = 0; i < ids.length; i++) {
            JsonNode v = array.get(i);
            if (!v.isIntegralNumber() || !v.canConvertToInt() || v.intValue() < 0) {
                throw ApiException.validation("`" + field + "[" + i + "]` must be a token id (an integer >= 0), got "
                        + v);
            }
            ids[i] = v.intValue();
        }
        return ids;
    }

    private static void require(JsonNode node, String field) {
        if (node == null || node.isNull() || node.isMissingNode()) {
            throw ApiException.validation("missing field `" + field + "`");
        }
    }
}
