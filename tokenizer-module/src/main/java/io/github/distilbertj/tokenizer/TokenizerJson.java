package io.github.distilbertj.tokenizer;

import java.io.InputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads the parts of a Hugging Face {@code tokenizer.json} that a BERT WordPiece tokenizer uses and rejects, by
 * name, anything it would silently get wrong.
 */
final class TokenizerJson {

    private static final ObjectMapper MAPPER = JsonMapper.builder().build();
    private static final Set<String> TOP_LEVEL = Set.of("version", "truncation", "padding", "added_tokens",
            "normalizer", "pre_tokenizer", "post_processor", "decoder", "model");

    private TokenizerJson() {
    }

    static BertTokenizer load(InputStream in) {
        JsonNode root;
        try {
            root = MAPPER.readTree(in);
        } catch (JacksonException e) {
            throw new TokenizerConfigException("tokenizer.json is not valid JSON: " + e.getOriginalMessage(), e);
        }
        return load(root);
    }

    static BertTokenizer load(String json) {
        JsonNode root;
        try {
            root = MAPPER.readTree(json);
        } catch (JacksonException e) {
            throw new TokenizerConfigException("tokenizer.json is not valid JSON: " + e.getOriginalMessage(), e);
        }
        return load(root);
    }

    private static BertTokenizer load(JsonNode root) {
        if (root == null || !root.isObject()) {
            throw new TokenizerConfigException("tokenizer.json must be a JSON object");
        }
        for (String key : root.propertyNames()) {
            if (!TOP_LEVEL.contains(key)) {
                throw new TokenizerConfigException("tokenizer.json: unsupported top-level field '" + key + "'");
            }
        }
        JsonNode model = root.get("model");
        if (model == null || !model.isObject()) {
            throw new TokenizerConfigException("tokenizer.json: 'model' is missing");
        }
        String modelType = string(model, "type", "model.type", null);
        if (modelType == null && model.has("merges")) {
            modelType = "BPE";
        }
        if (!"WordPiece".equals(modelType)) {
            throw new TokenizerConfigException("tokenizer.json: unsupported model type '" + modelType
                    + "' (only WordPiece is supported)");
        }
        String unk = string(model, "unk_token", "model.unk_token", "[UNK]");
        String prefix = string(model, "continuing_subword_prefix", "model.continuing_subword_prefix", "##");
        int maxChars = integer(model, "max_input_chars_per_word", "model.max_input_chars_per_word", 100);
        JsonNode vocabNode = model.get("vocab");
        if (vocabNode == null || !vocabNode.isObject()) {
            throw new TokenizerConfigException("tokenizer.json: 'model.vocab' must be an object of token to id");
        }
        Map<String, Integer> entries = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> e : vocabNode.properties()) {
            if (!e.getValue().canConvertToInt() || !e.getValue().isIntegralNumber()) {
                throw new TokenizerConfigException("tokenizer.json: model.vocab['" + e.getKey() + "'] is not an integer id");
            }
            entries.put(e.getKey(), e.getValue().intValue());
        }
        Vocabulary vocabulary = new Vocabulary(entries, prefix);

        NormalizerOptions normalizer = normalizer(root.get("normalizer"));
        preTokenizer(root.get("pre_tokenizer"));
        List<AddedToken> added = addedTokens(root.get("added_tokens"));
        TemplateProcessor template = postProcessor(root.get("post_processor"));
        WordPieceDecoder decoder = decoder(root.get("decoder"));
        TruncationOptions truncation = truncation(root.get("truncation"));
        PaddingOptions padding = padding(root.get("padding"));
        return new BertTokenizer(new BertNormalizer(normalizer), vocabulary, unk, maxChars, added, template,
                truncation, padding, decoder);
    }

    private static NormalizerOptions normalizer(JsonNode n) {
        if (n == null || n.isNull()) {
            return new NormalizerOptions(false, false, false, false);
        }
        String type = string(n, "type", "normalizer.type", null);
        if (!"BertNormalizer".equals(type)) {
            throw new TokenizerConfigException("tokenizer.json: unsupported normalizer type '" + type
                    + "' (only BertNormalizer or none is supported)");
        }
        onlyFields(n, "normalizer", "type", "clean_text", "handle_chinese_chars", "strip_accents", "lowercase");
        JsonNode strip = n.get("strip_accents");
        Boolean stripAccents;
        if (strip == null || strip.isNull()) {
            stripAccents = null;
        } else if (strip.isBoolean()) {
            stripAccents = strip.booleanValue();
        } else {
            throw new TokenizerConfigException("tokenizer.json: normalizer.strip_accents must be true, false or null");
        }
        return new NormalizerOptions(bool(n, "clean_text", "normalizer.clean_text", true),
                bool(n, "handle_chinese_chars", "normalizer.handle_chinese_chars", true), stripAccents,
                bool(n, "lowercase", "normalizer.lowercase", true));
    }

    private static void preTokenizer(JsonNode n) {
        String type = n == null || n.isNull() ? null : string(n, "type", "pre_tokenizer.type", null);
        if (!"BertPreTokenizer".equals(type)) {
            throw new TokenizerConfigException("tokenizer.json: unsupported pre_tokenizer '" + type
                    + "' (only BertPreTokenizer is supported)");
        }
        onlyFields(n, "pre_tokenizer", "type");
    }

    private static List<AddedToken> addedTokens(JsonNode n) {
        List<AddedToken> out = new ArrayList<>();
        if (n == null || n.isNull()) {
            return out;
        }
        if (!n.isArray()) {
            throw new TokenizerConfigException("tokenizer.json: added_tokens must be an array");
        }
        for (JsonNode t : n) {
            String content = string(t, "content", "added_tokens[].content", null);
            if (content == null) {
                throw new TokenizerConfigException("tokenizer.json: an added token has no content");
            }
            String where = "added_tokens['" + content + "']";
            for (String flag : List.of("single_word", "lstrip", "rstrip", "normalized")) {
                if (bool(t, flag, where + "." + flag, false)) {
                    throw new TokenizerConfigException("tokenizer.json: unsupported " + where + "." + flag
                            + " = true (only verbatim added tokens are supported)");
                }
            }
            out.add(new AddedToken(content, integer(t, "id", where + ".id", -1), bool(t, "special", where + ".special", false)));
        }
        return out;
    }

    private static TemplateProcessor postProcessor(JsonNode n) {
        if (n == null || n.isNull()) {
            return TemplateProcessor.none();
        }
        String type = string(n, "type", "post_processor.type", null);
        if ("BertProcessing".equals(type)) {
            JsonNode cls = n.get("cls");
            JsonNode sep = n.get("sep");
            if (cls == null || sep == null || !cls.isArray() || !sep.isArray() || cls.size() != 2 || sep.size() != 2) {
                throw new TokenizerConfigException("tokenizer.json: BertProcessing needs cls and sep as [token, id]");
            }
            return TemplateProcessor.bert(cls.get(0).asString(), cls.get(1).asInt(), sep.get(0).asString(),
                    sep.get(1).asInt());
        }
        if (!"TemplateProcessing".equals(type)) {
            throw new TokenizerConfigException("tokenizer.json: unsupported post_processor type '" + type
                    + "' (only TemplateProcessing, BertProcessing or none is supported)");
        }
        JsonNode specials = n.get("special_tokens");
        return new TemplateProcessor(pieces(n.get("single"), specials, "single"), pieces(n.get("pair"), specials, "pair"));
    }

    private static List<TemplateProcessor.Piece> pieces(JsonNode list, JsonNode specials, String which) {
        if (list == null || !list.isArray()) {
            throw new TokenizerConfigException("tokenizer.json: post_processor." + which + " must be an array");
        }
        List<TemplateProcessor.Piece> out = new ArrayList<>();
        for (JsonNode p : list) {
            if (p.has("Sequence")) {
                JsonNode s = p.get("Sequence");
                out.add(TemplateProcessor.Piece.sequence(string(s, "id", "Sequence.id", null),
                        integer(s, "type_id", "Sequence.type_id", 0)));
            } else if (p.has("SpecialToken")) {
                JsonNode s = p.get("SpecialToken");
                String id = string(s, "id", "SpecialToken.id", null);
                JsonNode def = specials == null ? null : specials.get(id);
                if (def == null) {
                    throw new TokenizerConfigException("tokenizer.json: post_processor special token '" + id
                            + "' is not in special_tokens");
                }
                JsonNode ids = def.get("ids");
                JsonNode tokens = def.get("tokens");
                if (ids == null || tokens == null || !ids.isArray() || !tokens.isArray()) {
                    throw new TokenizerConfigException("tokenizer.json: special_tokens['" + id + "'] needs ids and tokens");
                }
                int[] idArray = new int[ids.size()];
                String[] tokenArray = new String[tokens.size()];
                for (int i = 0; i < idArray.length; i++) {
                    idArray[i] = ids.get(i).asInt();
                }
                for (int i = 0; i < tokenArray.length; i++) {
                    tokenArray[i] = tokens.get(i).asString();
                }
                out.add(new TemplateProcessor.Piece(null, integer(s, "type_id", "SpecialToken.type_id", 0), idArray,
                        tokenArray));
            } else {
                throw new TokenizerConfigException("tokenizer.json: unsupported post_processor." + which + " piece " + p);
            }
        }
        return out;
    }

    private static WordPieceDecoder decoder(JsonNode n) {
        if (n == null || n.isNull()) {
            return null;
        }
        String type = string(n, "type", "decoder.type", null);
        if (!"WordPiece".equals(type)) {
            throw new TokenizerConfigException("tokenizer.json: unsupported decoder type '" + type
                    + "' (only WordPiece or none is supported)");
        }
        return new WordPieceDecoder(string(n, "prefix", "decoder.prefix", "##"), bool(n, "cleanup", "decoder.cleanup", true));
    }

    private static TruncationOptions truncation(JsonNode n) {
        if (n == null || n.isNull()) {
            return null;
        }
        String strategy = string(n, "strategy", "truncation.strategy", "LongestFirst");
        TruncationOptions.Strategy s = switch (strategy) {
            case "LongestFirst" -> TruncationOptions.Strategy.LONGEST_FIRST;
            case "OnlyFirst" -> TruncationOptions.Strategy.ONLY_FIRST;
            case "OnlySecond" -> TruncationOptions.Strategy.ONLY_SECOND;
            default -> throw new TokenizerConfigException("tokenizer.json: unsupported truncation.strategy '" + strategy + "'");
        };
        String direction = string(n, "direction", "truncation.direction", "Right");
        TruncationOptions.Direction d = switch (direction) {
            case "Right" -> TruncationOptions.Direction.RIGHT;
            case "Left" -> TruncationOptions.Direction.LEFT;
            default -> throw new TokenizerConfigException("tokenizer.json: unsupported truncation.direction '" + direction + "'");
        };
        return new TruncationOptions(integer(n, "max_length", "truncation.max_length", 512), s, d,
                integer(n, "stride", "truncation.stride", 0));
    }

    private static PaddingOptions padding(JsonNode n) {
        if (n == null || n.isNull()) {
            return null;
        }
        JsonNode strategy = n.get("strategy");
        int fixed;
        if (strategy == null || (strategy.isString() && strategy.asString().equals("BatchLongest"))) {
            fixed = 0;
        } else if (strategy.isObject() && strategy.has("Fixed")) {
            fixed = integer(strategy, "Fixed", "padding.strategy.Fixed", 0);
            if (fixed <= 0) {
                throw new TokenizerConfigException("tokenizer.json: padding.strategy.Fixed must be positive");
            }
        } else {
            throw new TokenizerConfigException("tokenizer.json: unsupported padding.strategy " + strategy);
        }
        String direction = string(n, "direction", "padding.direction", "Right");
        PaddingOptions.Direction d = switch (direction) {
            case "Right" -> PaddingOptions.Direction.RIGHT;
            case "Left" -> PaddingOptions.Direction.LEFT;
            default -> throw new TokenizerConfigException("tokenizer.json: unsupported padding.direction '" + direction + "'");
        };
        JsonNode multiple = n.get("pad_to_multiple_of");
        int padToMultipleOf = multiple == null || multiple.isNull() ? 0 : integer(n, "pad_to_multiple_of", "padding.pad_to_multiple_of", 0);
        return new PaddingOptions(fixed, padToMultipleOf, integer(n, "pad_id", "padding.pad_id", 0),
                integer(n, "pad_type_id", "padding.pad_type_id", 0), string(n, "pad_token", "padding.pad_token", "[PAD]"), d);
    }

    private static void onlyFields(JsonNode n, String where, String... allowed) {
        Set<String> ok = Set.of(allowed);
        for (String key : n.propertyNames()) {
            if (!ok.contains(key)) {
                throw new TokenizerConfigException("tokenizer.json: unsupported field " + where + "." + key);
            }
        }
    }

    private static String string(JsonNode n, String field, String where, String fallback) {
        JsonNode v = n.get(field);
        if (v == null || v.isNull()) {
            return fallback;
        }
        if (!v.isString()) {
            throw new TokenizerConfigException("tokenizer.json: " + where + " must be a string, not " + v);
        }
        return v.asString();
    }

    private static int integer(JsonNode n, String field, String where, int fallback) {
        JsonNode v = n.get(field);
        if (v == null || v.isNull()) {
            return fallback;
        }
        if (!v.isIntegralNumber() || !v.canConvertToInt()) {
            throw new TokenizerConfigException("tokenizer.json: " + where + " must be an integer, not " + v);
        }
        return v.intValue();
    }

    private static boolean bool(JsonNode n, String field, String where, boolean fallback) {
        JsonNode v = n.get(field);
        if (v == null || v.isNull()) {
            return fallback;
        }
        if (!v.isBoolean()) {
            throw new TokenizerConfigException("tokenizer.json: " + where + " must be true or false, not " + v);
        }
        return v.booleanValue();
    }
}
