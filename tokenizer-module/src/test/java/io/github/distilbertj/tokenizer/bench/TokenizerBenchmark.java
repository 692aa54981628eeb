package io.github.distilbertj.tokenizer.bench;

import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import io.github.distilbertj.tokenizer.BertTokenizer;
import io.github.distilbertj.tokenizer.Encoding;
import io.github.distilbertj.tokenizer.ParityCorpus;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Our tokenizer against Hugging Face tokenizers (Rust, through DJL) on the same inputs in the same JVM, single
 * thread. {@code corpus*} tokenizes 1,000 mixed texts per operation: MB/s = ops/s x corpus UTF-8 bytes (printed
 * at setup) / 10^6.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Threads(1)
public class TokenizerBenchmark {

    static final String SENTENCE = "The quick brown fox jumps over the lazy dog, while DistilBERT tokenizes "
            + "sentences like this one in well under a millisecond on a CPU.";

    static final List<String> SHORT = List.of("Hello, world!", "How are you doing today?",
            "Tokenizers split text into pieces.", "Java is fast enough for this.", "Where is the nearest café?",
            "I can't believe it's already November.", "Prices rose 3.5% in Q3.", "Send an e-mail to the team.");

    private BertTokenizer ours;
    private HuggingFaceTokenizer hf;
    private List<String> longTexts;
    private List<String> corpus;

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        ours = BertTokenizer.uncased();
        hf = HuggingFaceTokenizer.newInstance(new ByteArrayInputStream(uncasedJson()),
                Map.of("truncation", "false", "padding", "false"));
        longTexts = new ArrayList<>();
        StringBuilder base = new StringBuilder();
        for (int i = 0; i < 5; i++) {
            base.append(SENTENCE).append(' ');
        }
        for (int i = 0; i < 8; i++) {
            // ~100 words each, varied so no two are identical
            longTexts.add(base + SHORT.get(i) + " " + SHORT.get((i + 3) % 8));
        }
        corpus = ParityCorpus.texts(7L, 1_000);
        long bytes = 0;
        for (String t : corpus) {
            bytes += t.getBytes(StandardCharsets.UTF_8).length;
        }
        System.out.println("\ncorpus: " + corpus.size() + " texts, " + bytes + " UTF-8 bytes; sentence words: "
                + SENTENCE.split(" ").length + "; long text words: " + longTexts.get(0).split(" ").length);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        hf.close();
    }

    private static byte[] uncasedJson() throws IOException {
        try (InputStream in = TokenizerBenchmark.class.getClassLoader()
                .getResourceAsStream("all-minilm-l6-v2-tokenizer.json")) {
            String json = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            // bert-base-uncased settings: the same file without MiniLM's truncation to 128 and padding to 128.
            json = json.replaceFirst("\"truncation\":\\s*\\{[^}]*\\}", "\"truncation\": null")
                    .replaceFirst("\"padding\":\\s*\\{[^{}]*\\{[^}]*\\}[^}]*\\}", "\"padding\": null");
            return json.getBytes(StandardCharsets.UTF_8);
        }
    }

    @Benchmark
    public Encoding sentenceOurs() {
        return ours.encode(SENTENCE);
    }

    @Benchmark
    public ai.djl.huggingface.tokenizers.Encoding sentenceHf() {
        return hf.encode(SENTENCE);
    }

    @Benchmark
    public List<Encoding> batch8ShortOurs() {
        return ours.encodeBatch(SHORT);
    }

    @Benchmark
    public ai.djl.huggingface.tokenizers.Encoding[] batch8ShortHf() {
        return hf.batchEncode(SHORT);
    }

    @Benchmark
    public List<Encoding> batch8LongOurs() {
        return ours.encodeBatch(longTexts);
    }

    @Benchmark
    public ai.djl.huggingface.tokenizers.Encoding[] batch8LongHf() {
        return hf.batchEncode(longTexts);
    }

    @Benchmark
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.SECONDS)
    public void corpusOurs(Blackhole bh) {
        for (String t : corpus) {
            bh.consume(ours.encode(t));
        }
    }

    @Benchmark
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.SECONDS)
    public void corpusHf(Blackhole bh) {
        for (String t : corpus) {
            bh.consume(hf.encode(t));
        }
    }
}
