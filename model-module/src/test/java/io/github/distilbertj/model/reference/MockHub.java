package io.github.distilbertj.model.reference;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An in-process Hugging Face Hub on a loopback port: the model-info route and the resolve route of
 * one repository, LFS files (*.safetensors) redirected to a "CDN" path with X-Linked-Etag /
 * X-Linked-Size like the real Hub, small files served directly with a git-style ETag. Faults on demand.
 */
final class MockHub implements AutoCloseable {
    static final String COMMIT = "0123456789abcdef0123456789abcdef01234567";

    final String repoId;
    final Map<String, byte[]> files = new LinkedHashMap<>();
    final List<String> extraSiblings = new ArrayList<>();
    final List<String> log = Collections.synchronizedList(new ArrayList<>());
    /** When set, every request must carry "Authorization: Bearer " + token. */
    volatile String requiredToken;
    /** When > 0, the next body of an LFS file stops after this many bytes (Content-Length still full). */
    volatile int truncateNextAt;
    /** When set, X-Linked-Etag lies for every LFS file. */
    volatile boolean wrongChecksum;
    private final HttpServer server;

    MockHub(String repoId, Path folder) throws IOException {
        this.repoId = repoId;
        try (var list = Files.list(folder)) {
            for (Path p : list.sorted().toList()) {
                if (Files.isRegularFile(p)) {
                    files.put(p.getFileName().toString(), Files.readAllBytes(p));
                }
            }
        }
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::handle);
        server.start();
    }

    URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    @Override
    public void close() {
        server.stop(0);
    }

    private void handle(HttpExchange ex) throws IOException {
        String path = ex.getRequestURI().getPath();
        String range = ex.getRequestHeaders().getFirst("Range");
        log.add(ex.getRequestMethod() + " " + path + (range != null ? " " + range : ""));
        try (ex) {
            String auth = ex.getRequestHeaders().getFirst("Authorization");
            if (requiredToken != null && !path.startsWith("/cdn/") && !("Bearer " + requiredToken).equals(auth)) {
                send(ex, 401, "{\"error\":\"Invalid credentials\"}".getBytes(StandardCharsets.UTF_8));
                return;
            }
            String info = "/api/models/" + repoId + "/revision/";
            String resolve = "/" + repoId + "/resolve/" + COMMIT + "/";
            if (path.startsWith(info)) {
                StringBuilder siblings = new StringBuilder();
                List<String> names = new ArrayList<>(files.keySet());
                names.addAll(extraSiblings);
                for (String f : names) {
                    siblings.append(siblings.isEmpty() ? "" : ",").append("{\"rfilename\":\"").append(f).append("\"}");
                }
                send(ex, 200, ("{\"id\":\"" + repoId + "\",\"sha\":\"" + COMMIT + "\",\"siblings\":[" + siblings + "]}")
                        .getBytes(StandardCharsets.UTF_8));
            } else if (path.startsWith(resolve) && files.containsKey(path.substring(resolve.length()))) {
                String file = path.substring(resolve.length());
                byte[] body = files.get(file);
                if (file.endsWith(".safetensors")) {
                    String sha = wrongChecksum ? sha256("something else".getBytes()) : sha256(body);
                    ex.getResponseHeaders().add("X-Linked-Etag", "\"" + sha + "\"");
                    ex.getResponseHeaders().add("X-Linked-Size", Long.toString(body.length));
                    ex.getResponseHeaders().add("X-Repo-Commit", COMMIT);
                    ex.getResponseHeaders().add("Location", "/cdn/" + file);
                    ex.sendResponseHeaders(302, -1);
                } else {
                    ex.getResponseHeaders().add("ETag", "\"" + sha1(body) + "\"");
                    ex.getResponseHeaders().add("X-Repo-Commit", COMMIT);
                    if (ex.getRequestMethod().equals("HEAD")) {
                        ex.getResponseHeaders().add("Content-Length", Long.toString(body.length));
                        ex.sendResponseHeaders(200, -1);
                    } else {
                        send(ex, 200, body);
                    }
                }
            } else if (path.startsWith("/cdn/") && files.containsKey(path.substring(5))) {
                byte[] body = files.get(path.substring(5));
                int from = 0;
                if (range != null && range.startsWith("bytes=") && range.endsWith("-")) {
                    from = Integer.parseInt(range.substring(6, range.length() - 1));
                }
                byte[] part = java.util.Arrays.copyOfRange(body, from, body.length);
                if (from > 0) {
                    ex.getResponseHeaders().add("Content-Range", "bytes " + from + "-" + (body.length - 1) + "/" + body.length);
                }
                ex.sendResponseHeaders(from > 0 ? 206 : 200, part.length);
                int cut = truncateNextAt;
                truncateNextAt = 0;
                OutputStream out = ex.getResponseBody();
                if (cut > 0 && cut < part.length) {
                    out.write(part, 0, cut);
                    out.flush();
                    // Drop the connection mid-body, as a broken download does.
                    throw new IOException("truncated on purpose");
                }
                out.write(part);
            } else {
                send(ex, 404, "{\"error\":\"Repository Not Found\"}".getBytes(StandardCharsets.UTF_8));
            }
        }
    }

    private static void send(HttpExchange ex, int status, byte[] body) throws IOException {
        ex.sendResponseHeaders(status, ex.getRequestMethod().equals("HEAD") ? -1 : body.length);
        if (!ex.getRequestMethod().equals("HEAD")) {
            ex.getResponseBody().write(body);
        }
    }

    static String sha256(byte[] b) {
        return digest("SHA-256", b);
    }

    private static String sha1(byte[] b) {
        return digest("SHA-1", ("blob " + b.length + "\0").getBytes(StandardCharsets.UTF_8), b);
    }

    private static String digest(String algorithm, byte[]... parts) {
        try {
            MessageDigest md = MessageDigest.getInstance(algorithm);
            for (byte[] p : parts) {
                md.update(p);
            }
            return HexFormat.of().formatHex(md.digest());
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
