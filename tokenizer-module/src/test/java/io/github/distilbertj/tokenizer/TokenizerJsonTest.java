package io.github.distilbertj.tokenizer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import tools.jackson.databind.node.ObjectNode;

/** Loading tokenizer.json: every setting read, every unsupported part rejected by name. */
class TokenizerJsonTest {

    @Test
    void readsTheMiniLmTokenizerJson(@TempDir Path dir) throws Exception {
        byte[] json = Oracle.miniLmJson();
        Path file = dir.resolve("tokenizer.json");
        Files.write(file, json);
        BertTokenizer t = BertTokenizer.fromTokenizerJson(file);
        assertEquals(new TruncationOptions(128, TruncationOptions.Strategy.LONGEST_FIRST,
                TruncationOptions.Direction.RIGHT, 0), t.truncation());
        assertEquals(new PaddingOptions(128, 0, 0, 0, "[PAD]", PaddingOptions.Direction.RIGHT), t.padding());
        assertEquals(NormalizerOptions.UNCASED, t.normalizerOptions());
        assertEquals(5, t.addedTokens().size());
        assertEquals(3, t.template().addedTokens(true));
        assertEquals(30522, t.vocabSize());
        Encoding e = t.encode("Hello, world!");
        assertEquals(128, e.length());
        assertArrayEquals(new int[] {101, 7592, 1010, 2088, 999, 102, 0}, java.util.Arrays.copyOf(e.ids(), 7));
        BertTokenizer fromStream = BertTokenizer.fromTokenizerJson(new ByteArrayInputStream(json));
        assertEquals(e, fromStream.encode("Hello, world!"));
    }

    @Test
    void stripAccentsNullFollowsLowercase() {
        assertEquals("cafe", token(normalizer(true, null), "Café"));
        assertEquals("Café", token(normalizer(false, null), "Café"));
        assertEquals("Cafe", token(normalizer(false, true), "Café"));
        assertEquals("café", token(normalizer(true, false), "Café"));
    }

    private static ObjectNode normalizer(boolean lowercase, Boolean strip) {
        ObjectNode json = TinyVocab.json(List.of("cafe", "Café", "Cafe", "café"));
        ObjectNode n = (ObjectNode) json.get("normalizer");
        n.put("lowercase", lowercase);
        if (strip == null) {
            n.putNull("strip_accents");
        } else {
            n.put("strip_accents", strip);
        }
        return json;
    }

    private static String token(ObjectNode json, String text) {
        return BertTokenizer.fromTokenizerJsonString(json.toString()).encode(text).tokens()[1];
    }

    @Test
    void templateProcessingAndMissingPostProcessor() {
        ObjectNode json = TinyVocab.json(List.of("a", "b"));
        json.putNull("post_processor");
        BertTokenizer none = BertTokenizer.fromTokenizerJsonString(json.toString());
        assertArrayEquals(new String[] {"a", "b"}, none.encode("a b").tokens());
        assertArrayEquals(new int[] {0, 1}, none.encode("a", "b").typeIds());
        ObjectNode miniLm = (ObjectNode) TinyVocab.MAPPER.readTree(Oracle.miniLmJson());
        assertEquals(TemplateProcessor.bert("[CLS]", 101, "[SEP]", 102).addedTokens(true),
                BertTokenizer.fromTokenizerJsonString(miniLm.toString()).template().addedTokens(true));
    }

    @Test
    void loadsPaddingVariantsAndLeftTruncation() {
        ObjectNode json = TinyVocab.json(List.of("a"));
        ObjectNode padding = json.putObject("padding");
        padding.put("strategy", "BatchLongest");
        padding.put("direction", "Left");
        padding.put("pad_to_multiple_of", 4);
        padding.put("pad_id", 0);
        padding.put("pad_type_id", 0);
        padding.put("pad_token", "[PAD]");
        ObjectNode truncation = json.putObject("truncation");
        truncation.put("direction", "Left");
        truncation.put("max_length", 5);
        truncation.put("strategy", "OnlyFirst");
        truncation.put("stride", 0);
        BertTokenizer t = BertTokenizer.fromTokenizerJsonString(json.toString());
        assertEquals(new PaddingOptions(0, 4, 0, 0, "[PAD]", PaddingOptions.Direction.LEFT), t.padding());
        assertEquals(TruncationOptions.Strategy.ONLY_FIRST, t.truncation().strategy());
        assertEquals(TruncationOptions.Direction.LEFT, t.truncation().direction());
        assertEquals(4, t.encode("a").length());
    }

    @Test
    void rejectsUnsupportedPartsByName() {
        rejects(j -> ((ObjectNode) j.get("model")).put("type", "BPE"), "unsupported model type 'BPE'");
        rejects(j -> j.putObject("normalizer").put("type", "Lowercase"), "unsupported normalizer type 'Lowercase'");
        rejects(j -> ((ObjectNode) j.get("normalizer")).put("extra", 1), "unsupported field normalizer.extra");
        rejects(j -> j.putObject("pre_tokenizer").put("type", "Whitespace"), "unsupported pre_tokenizer 'Whitespace'");
        rejects(j -> j.putNull("pre_tokenizer"), "unsupported pre_tokenizer 'null'");
        rejects(j -> j.putObject("post_processor").put("type", "RobertaProcessing"),
                "unsupported post_processor type 'RobertaProcessing'");
        rejects(j -> j.putObject("decoder").put("type", "ByteLevel"), "unsupported decoder type 'ByteLevel'");
        rejects(j -> j.put("extra", true), "unsupported top-level field 'extra'");
        rejects(j -> ((ObjectNode) j.get("added_tokens").get(0)).put("lstrip", true),
                "unsupported added_tokens['[PAD]'].lstrip = true");
        rejects(j -> ((ObjectNode) j.get("added_tokens").get(1)).put("normalized", true),
                "unsupported added_tokens['[UNK]'].normalized = true");
        rejects(j -> j.putObject("padding").put("strategy", "Weird"), "unsupported padding.strategy \"Weird\"");
        rejects(j -> j.putObject("truncation").put("strategy", "Weird"), "unsupported truncation.strategy 'Weird'");
        rejects(j -> ((ObjectNode) j.get("normalizer")).put("strip_accents", "yes"),
                "normalizer.strip_accents must be true, false or null");
        rejects(j -> ((ObjectNode) j.get("model").get("vocab")).put("z", "one"), "model.vocab['z'] is not an integer id");
        rejects(j -> ((ObjectNode) j.get("added_tokens").get(2)).put("id", 6),
                "added token '[CLS]' has id 6, which the vocabulary gives to 'b'");
    }

    @Test
    void addedTokensOutsideTheModelVocabularyAreKnown() {
        ObjectNode json = TinyVocab.json(List.of("a"));
        ObjectNode extra = ((tools.jackson.databind.node.ArrayNode) json.get("added_tokens")).addObject();
        extra.put("id", 6);
        extra.put("content", "<extra>");
        extra.put("special", false);
        BertTokenizer t = BertTokenizer.fromTokenizerJsonString(json.toString());
        assertEquals(6, t.tokenToId("<extra>"));
        assertEquals("<extra>", t.idToToken(6));
        assertEquals(7, t.vocabSize());
        Encoding e = t.encode("a<extra>");
        assertArrayEquals(new String[] {"[CLS]", "a", "<extra>", "[SEP]"}, e.tokens());
        assertEquals("a <extra>", t.decode(e.ids()));
    }

    @Test
    void rejectsInvalidJson() {
        TokenizerConfigException e = assertThrows(TokenizerConfigException.class,
                () -> BertTokenizer.fromTokenizerJsonString("{\"model\": "));
        assertEquals(true, e.getMessage().startsWith("tokenizer.json is not valid JSON"), e.getMessage());
        assertThrows(TokenizerConfigException.class, () -> BertTokenizer.fromTokenizerJsonString("[]"));
        assertThrows(TokenizerConfigException.class, () -> BertTokenizer.fromTokenizerJsonString("{}"));
    }

    @Test
    void vocabTxtRulesMatchHf(@TempDir Path dir) throws Exception {
        Path vocab = dir.resolve("vocab.txt");
        Files.writeString(vocab, String.join("\n", "[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]", "hello  ", "##s") + "\n");
        BertTokenizer t = BertTokenizer.fromVocab(vocab);
        assertArrayEquals(new String[] {"[CLS]", "hello", "##s", "[SEP]"}, t.encode("Hellos").tokens());
        assertNull(t.truncation());
        Files.writeString(vocab, "[UNK]\nhello\n");
        TokenizerConfigException e = assertThrows(TokenizerConfigException.class, () -> BertTokenizer.fromVocab(vocab));
        assertEquals("vocabulary lacks [CLS] or [SEP], which the BERT template needs", e.getMessage());
    }

    private static void rejects(Consumer<ObjectNode> change, String message) {
        ObjectNode json = TinyVocab.json(List.of("a", "b"));
        change.accept(json);
        TokenizerConfigException e = assertThrows(TokenizerConfigException.class,
                () -> BertTokenizer.fromTokenizerJsonString(json.toString()));
        assertEquals(true, e.getMessage().contains(message), () -> "message was: " + e.getMessage());
    }
}
