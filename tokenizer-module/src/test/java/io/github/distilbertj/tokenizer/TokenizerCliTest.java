package io.github.distilbertj.tokenizer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import org.junit.jupiter.api.Test;

import tools.jackson.databind.JsonNode;

/** The command line: JSON per text, options, exit code 2 with a message on errors. */
class TokenizerCliTest {

    private record Result(int code, List<String> out, String err) {
    }

    private static Result run(String stdin, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = TokenizerCli.run(args, new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Result(code, out.toString(StandardCharsets.UTF_8).lines().toList(), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void printsOneJsonLinePerArgument() {
        Result r = run("", "Hello, world!", "hi");
        assertEquals(0, r.code());
        assertEquals(2, r.out().size());
        JsonNode first = TinyVocab.MAPPER.readTree(r.out().get(0));
        assertEquals("[\"[CLS]\",\"hello\",\",\",\"world\",\"!\",\"[SEP]\"]", first.get("tokens").toString());
        assertEquals("[101,7592,1010,2088,999,102]", first.get("ids").toString());
        assertEquals("[0,0,0,0,0,0]", first.get("type_ids").toString());
        assertEquals("[[0,0],[0,5],[5,6],[7,12],[12,13],[0,0]]", first.get("offsets").toString());
    }

    @Test
    void readsLinesOfStandardInputWithoutArguments() {
        Result r = run("hi\n\nthere\n");
        assertEquals(0, r.code());
        assertEquals(3, r.out().size());
        assertEquals("[101,102]", TinyVocab.MAPPER.readTree(r.out().get(1)).get("ids").toString());
    }

    @Test
    void pairsAndMaxLength() {
        Result r = run("", "--pair", "--max-length", "5", "a b c", "d e f");
        assertEquals(0, r.code());
        JsonNode n = TinyVocab.MAPPER.readTree(r.out().get(0));
        assertEquals("[0,0,0,1,1]", n.get("type_ids").toString());
        assertEquals(1, run("x\ny\n", "--pair").out().size());
    }

    @Test
    void errorsExitWithTwoAndAMessage() {
        Result unknown = run("", "--nope");
        assertEquals(2, unknown.code());
        assertEquals("error: unknown option --nope (see --help)", unknown.err().strip());
        Result missing = run("", "--vocab", "/nonexistent/vocab.txt", "x");
        assertEquals(2, missing.code());
        assertEquals("error: no such file: /nonexistent/vocab.txt", missing.err().strip());
        assertEquals(2, run("", "--max-length", "abc", "x").code());
        assertEquals(2, run("", "--max-length", "1", "x").code());
        assertEquals(2, run("", "--pair", "only-one").code());
        assertEquals(2, run("", "--vocab").code());
    }

    @Test
    void help() {
        Result r = run("", "--help");
        assertEquals(0, r.code());
        assertTrue(r.out().get(0).startsWith("Usage: TokenizerCli"));
    }
}
