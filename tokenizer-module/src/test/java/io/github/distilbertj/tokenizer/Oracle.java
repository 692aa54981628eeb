package io.github.distilbertj.tokenizer;

import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import ai.djl.huggingface.tokenizers.jni.CharSpan;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;

import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The reference: Hugging Face {@code tokenizers} (Rust) through DJL, plus the comparison of its output with ours.
 *
 * <p>DJL reports offsets in code points of the string the Rust side received; ours are UTF-16 chars of the Java
 * string. {@link #toUtf16} converts, including DJL's lossy decoding of strings with lone surrogates (see
 * {@link ParityCorpus}).
 */
final class Oracle {

    static final String MINILM_RESOURCE = "all-minilm-l6-v2-tokenizer.json";

    private Oracle() {
    }

    /** The BERT tokenizer.json inside the langchain4j all-MiniLM-L6-v2 jar. */
    static byte[] miniLmJson() {
        try (InputStream in = Oracle.class.getClassLoader().getResourceAsStream(MINILM_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(MINILM_RESOURCE + " is not on the test class path");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The MiniLM tokenizer.json without truncation and padding: bert-base-uncased's own settings. */
    static String uncasedJson() {
        return withChanges(null);
    }

    /** The uncased tokenizer.json with another normaliser. */
    static String uncasedJson(boolean cleanText, boolean chinese, Boolean strip, boolean lowercase) {
        return withChanges(new NormalizerOptions(cleanText, chinese, strip, lowercase));
    }

    private static String withChanges(NormalizerOptions normalizer) {
        JsonMapper mapper = JsonMapper.builder().build();
        ObjectNode root = (ObjectNode) mapper.readTree(miniLmJson());
        root.putNull("truncation");
        root.putNull("padding");
        if (normalizer != null) {
            ObjectNode n = (ObjectNode) root.get("normalizer");
            n.put("clean_text", normalizer.cleanText());
            n.put("handle_chinese_chars", normalizer.handleChineseChars());
            if (normalizer.stripAccents() == null) {
                n.putNull("strip_accents");
            } else {
                n.put("strip_accents", normalizer.stripAccents());
            }
            n.put("lowercase", normalizer.lowercase());
        }
        return mapper.writeValueAsString(root);
    }

    /** A DJL tokenizer for a tokenizer.json; DJL's own truncation and padding defaults are switched off. */
    static HuggingFaceTokenizer djl(String json) {
        return djl(json, Map.of("truncation", "false", "padding", "false"));
    }

    static HuggingFaceTokenizer djl(String json, Map<String, String> options) {
        try {
            return HuggingFaceTokenizer.newInstance(new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)),
                    options);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Describes how {@code ours} differs from {@code theirs}, or returns {@code null} when ids, type ids, attention
     * mask, tokens and offsets all match. {@code texts} are the input(s) the offsets refer to.
     */
    static String difference(Encoding ours, ai.djl.huggingface.tokenizers.Encoding theirs, String first, String second) {
        long[] ids = theirs.getIds();
        long[] types = theirs.getTypeIds();
        long[] mask = theirs.getAttentionMask();
        String[] tokens = theirs.getTokens();
        CharSpan[] spans = theirs.getCharTokenSpans();
        int[][] expectedOffsets = new int[ids.length][];
        int[] mapFirst = toUtf16(first);
        int[] mapSecond = second == null ? null : toUtf16(second);
        int typeOfSecond = -1;
        for (int i = 0; i < ids.length; i++) {
            CharSpan s = spans[i];
            if (s == null) {
                expectedOffsets[i] = new int[] {0, 0};
            } else {
                // Offsets of a pair's second part index into the second text; its type id tells them apart.
                boolean inSecond = second != null && types[i] == 1;
                int[] map = inSecond ? mapSecond : mapFirst;
                if (s.getStart() >= map.length || s.getEnd() >= map.length) {
                    return "oracle offset " + s.getStart() + ".." + s.getEnd() + " outside the text";
                }
                expectedOffsets[i] = new int[] {map[s.getStart()], map[s.getEnd()]};
            }
        }
        String mismatch = null;
        if (!Arrays.equals(toInt(ids), ours.ids())) {
            mismatch = "ids";
        } else if (!Arrays.equals(toInt(types), ours.typeIds())) {
            mismatch = "type ids";
        } else if (!Arrays.equals(toInt(mask), ours.attentionMask())) {
            mismatch = "attention mask";
        } else if (!Arrays.equals(tokens, ours.tokens())) {
            mismatch = "tokens";
        } else if (!Arrays.deepEquals(expectedOffsets, ours.offsets())) {
            mismatch = "offsets";
        }
        if (mismatch == null) {
            return null;
        }
        return mismatch + " differ for " + escape(first) + (second == null ? "" : " / " + escape(second))
                + "\n  HF:   tokens=" + Arrays.toString(tokens) + " ids=" + Arrays.toString(ids) + " types="
                + Arrays.toString(types) + " mask=" + Arrays.toString(mask) + " offsets(utf16)="
                + Arrays.deepToString(expectedOffsets)
                + "\n  ours: tokens=" + Arrays.toString(ours.tokens()) + " ids=" + Arrays.toString(ours.ids())
                + " types=" + Arrays.toString(ours.typeIds()) + " mask=" + Arrays.toString(ours.attentionMask())
                + " offsets=" + Arrays.deepToString(ours.offsets());
    }

    /** Map from DJL's offset unit (code points of the string Rust received) to UTF-16 index, one past the end. */
    static int[] toUtf16(String text) {
        boolean lossy = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                lossy = true;
            }
        }
        int[] map = new int[text.length() * 3 + 1];
        int unit = 0;
        int i = 0;
        while (i < text.length()) {
            char c = text.charAt(i);
            int units;
            int chars;
            if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                units = lossy ? 6 : 1;
                chars = 2;
            } else if (Character.isSurrogate(c)) {
                units = 3;
                chars = 1;
            } else {
                units = lossy && c == 0 ? 2 : 1;
                chars = 1;
            }
            for (int u = 0; u < units; u++) {
                map[unit + u] = i;
            }
            unit += units;
            i += chars;
        }
        map[unit] = text.length();
        return Arrays.copyOf(map, unit + 1);
    }

    static int[] toInt(long[] values) {
        int[] out = new int[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = Math.toIntExact(values[i]);
        }
        return out;
    }

    static String escape(String s) {
        StringBuilder b = new StringBuilder("\"");
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c >= 0x20 && c < 0x7F && c != '"' && c != '\\') {
                b.append(c);
            } else {
                b.append(String.format("\\u%04X", (int) c));
            }
        }
        return b.append('"').toString();
    }
}
