package io.github.distilbertj.model.reference;

import io.github.distilbertj.model.Encoder;
import io.github.distilbertj.model.Fixtures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Hub ids against {@link MockHub} on loopback: cache layout, resume, checksums, auth, errors. Never the real Hub. */
class HubResolutionTest {
    private static final String REPO = "tiny-org/bert-tiny";

    @TempDir
    Path cache;

    private ModelResolver resolver(URI endpoint, String token, boolean offline) {
        return new ModelResolver(new HubSettings(cache, endpoint, token, offline),
                new MavenRepository(cache.resolve("m2"), null));
    }

    @Test
    void downloadsOnlyTheNeededFilesIntoTheHubCacheLayoutOnce() throws IOException {
        try (MockHub hub = new MockHub(REPO, Fixtures.folder("bert-tiny"))) {
            hub.extraSiblings.addAll(List.of("pytorch_model.bin", "README.md", "onnx/model.onnx"));
            ResolvedModel resolved = resolver(hub.endpoint(), null, false).resolve(REPO);
            Path snapshot = assertInstanceOf(ResolvedModel.Folder.class, resolved).path();
            Path repo = cache.resolve("models--tiny-org--bert-tiny");
            assertEquals(repo.resolve("snapshots").resolve(MockHub.COMMIT), snapshot);
            assertEquals(MockHub.COMMIT, Files.readString(repo.resolve("refs").resolve("main")));
            // LFS files are stored under their sha256, as huggingface_hub does; snapshot entries are relative links.
            Path weights = snapshot.resolve("model.safetensors");
            assertTrue(Files.isSymbolicLink(weights));
            assertEquals(Path.of("../../blobs/" + MockHub.sha256(hub.files.get("model.safetensors"))), Files.readSymbolicLink(weights));
            try (Stream<Path> blobs = Files.list(repo.resolve("blobs"))) {
                assertEquals(3, blobs.count());
            }
            assertFalse(hub.log.stream().anyMatch(l -> l.contains("pytorch_model.bin") || l.contains("README") || l.contains("onnx")),
                    hub.log.toString());
            assertFilesEqual(Fixtures.folder("bert-tiny"), snapshot, "config.json", "model.safetensors", "vocab.txt");

            int requests = hub.log.size();
            assertEquals(resolved, resolver(hub.endpoint(), null, false).resolve(REPO + "@main"));
            assertEquals(requests, hub.log.size(), "a cached model is read without asking the Hub");
            try (Encoder fromHub = Encoder.load(resolved, 1);
                 Encoder fromFolder = Encoder.load(Fixtures.folder("bert-tiny"), 1)) {
                assertArrayEquals(fromFolder.embed("hello world"), fromHub.embed("hello world"));
            }
        }
    }

    @Test
    void offlineReadsAPrePopulatedCacheWithoutNetwork() throws IOException {
        try (MockHub hub = new MockHub(REPO, Fixtures.folder("bert-tiny"))) {
            resolver(hub.endpoint(), null, false).resolve(REPO);
        }
        // The server is gone; an unreachable endpoint proves nothing is asked.
        ResolvedModel offline = resolver(URI.create("http://127.0.0.1:9"), null, true).resolve(REPO);
        assertTrue(Files.isRegularFile(assertInstanceOf(ResolvedModel.Folder.class, offline).path().resolve("config.json")));
        ResolvedModel byCommit = resolver(URI.create("http://127.0.0.1:9"), null, true).resolve(REPO + "@" + MockHub.COMMIT);
        assertEquals(offline, byCommit);

        ModelResolutionException missing = assertThrows(ModelResolutionException.class,
                () -> resolver(URI.create("http://127.0.0.1:9"), null, true).resolve("tiny-org/other@v2"));
        assertTrue(missing.getMessage().contains("tiny-org/other@v2") && missing.getMessage().contains("HF_HUB_OFFLINE")
                && missing.getMessage().contains("huggingface-cli download tiny-org/other --revision v2"), missing.getMessage());
    }

    @Test
    void aTruncatedDownloadResumesWithARangeRequest() throws IOException {
        try (MockHub hub = new MockHub(REPO, Fixtures.folder("bert-tiny"))) {
            hub.truncateNextAt = 1000;
            ModelResolutionException broken = assertThrows(ModelResolutionException.class,
                    () -> resolver(hub.endpoint(), null, false).resolve(REPO));
            assertTrue(broken.getMessage().contains(REPO) && broken.getMessage().contains("model.safetensors")
                    && broken.getMessage().contains("run again to resume"), broken.getMessage());
            Path incomplete = cache.resolve("models--tiny-org--bert-tiny/blobs")
                    .resolve(MockHub.sha256(hub.files.get("model.safetensors")) + ".incomplete");
            assertEquals(1000, Files.size(incomplete));

            Path snapshot = ((ResolvedModel.Folder) resolver(hub.endpoint(), null, false).resolve(REPO)).path();
            assertTrue(hub.log.contains("GET /cdn/model.safetensors bytes=1000-"), hub.log.toString());
            assertFalse(Files.exists(incomplete));
            assertFilesEqual(Fixtures.folder("bert-tiny"), snapshot, "model.safetensors");
        }
    }

    @Test
    void aWrongChecksumIsRejectedAndTheFileDeleted() throws IOException {
        try (MockHub hub = new MockHub(REPO, Fixtures.folder("bert-tiny"))) {
            hub.wrongChecksum = true;
            ModelResolutionException e = assertThrows(ModelResolutionException.class,
                    () -> resolver(hub.endpoint(), null, false).resolve(REPO));
            assertTrue(e.getMessage().contains(REPO) && e.getMessage().contains("model.safetensors")
                    && e.getMessage().contains("sha256") && e.getMessage().contains("run again"), e.getMessage());
            try (Stream<Path> blobs = Files.list(cache.resolve("models--tiny-org--bert-tiny/blobs"))) {
                assertTrue(blobs.noneMatch(p -> p.getFileName().toString().endsWith(".incomplete")
                        || p.getFileName().toString().startsWith(MockHub.sha256("something else".getBytes()))));
            }
        }
    }

    @Test
    void gatedModelsNeedHfToken() throws IOException {
        try (MockHub hub = new MockHub(REPO, Fixtures.folder("bert-tiny"))) {
            hub.requiredToken = "hf_secret";
            ModelResolutionException e = assertThrows(ModelResolutionException.class,
                    () -> resolver(hub.endpoint(), null, false).resolve(REPO));
            assertTrue(e.getMessage().contains("HTTP 401") && e.getMessage().contains("HF_TOKEN") && e.getMessage().contains(REPO),
                    e.getMessage());
            ResolvedModel ok = resolver(hub.endpoint(), "hf_secret", false).resolve(REPO);
            assertTrue(Files.isRegularFile(((ResolvedModel.Folder) ok).path().resolve("model.safetensors")));
        }
    }

    @Test
    void unknownModelsAndUnusableRepositoriesSayWhatToDo() throws IOException {
        try (MockHub hub = new MockHub(REPO, Fixtures.folder("bert-tiny"))) {
            ModelResolutionException notFound = assertThrows(ModelResolutionException.class,
                    () -> resolver(hub.endpoint(), null, false).resolve("tiny-org/no-such-model"));
            assertTrue(notFound.getMessage().contains("tiny-org/no-such-model@main") && notFound.getMessage().contains("HTTP 404")
                    && notFound.getMessage().contains("check the id"), notFound.getMessage());

            hub.files.remove("model.safetensors");
            hub.extraSiblings.add("pytorch_model.bin");
            ModelResolutionException pickle = assertThrows(ModelResolutionException.class,
                    () -> resolver(hub.endpoint(), null, false).resolve(REPO));
            assertTrue(pickle.getMessage().contains("pytorch_model.bin") && pickle.getMessage().contains(REPO), pickle.getMessage());
        }
        ModelResolutionException unreachable = assertThrows(ModelResolutionException.class,
                () -> resolver(URI.create("http://127.0.0.1:9"), null, false).resolve(REPO));
        assertTrue(unreachable.getMessage().contains(REPO) && unreachable.getMessage().contains("HF_HUB_OFFLINE"),
                unreachable.getMessage());
    }

    @Test
    void referencesAreFoldersThenCatalogueNamesThenHubIds() throws IOException {
        Path folder = Fixtures.folder("bert-tiny");
        assertEquals(new ModelReference.Folder(folder.toString(), folder), ModelReference.parse(folder.toString()));
        assertEquals(CatalogueModel.BGE_SMALL_EN_V1_5,
                assertInstanceOf(ModelReference.Catalogue.class, ModelReference.parse("BGE-small-en-v1.5")).model());
        assertEquals(new ModelReference.Hub("BAAI/bge-small-en-v1.5@v1.0", "BAAI/bge-small-en-v1.5", "v1.0"),
                ModelReference.parse("BAAI/bge-small-en-v1.5@v1.0"));
        assertEquals("main", ((ModelReference.Hub) ModelReference.parse("intfloat/e5-small-v2")).revision());
        ModelResolutionException e = assertThrows(ModelResolutionException.class, () -> ModelReference.parse("no-such-model"));
        assertTrue(e.getMessage().contains("no-such-model") && e.getMessage().contains("bge-small-en-v1.5")
                && e.getMessage().contains("ORG/NAME"), e.getMessage());
    }

    private static void assertFilesEqual(Path expected, Path actual, String... names) throws IOException {
        for (String n : names) {
            assertArrayEquals(Files.readAllBytes(expected.resolve(n)), Files.readAllBytes(actual.resolve(n)), n);
        }
    }
}
