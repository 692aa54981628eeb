package io.github.distilbertj.model.reference;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Downloads the files of a Hub model into the standard cache layout ({@link HubCache}), as
 * huggingface_hub does: the model-info route names the commit and the files, each file's
 * {@code resolve} route gives its etag (the sha256 of an LFS file, in X-Linked-Etag) before its
 * body, bodies land in {@code blobs/ETAG.incomplete} and resume from there with a Range request,
 * LFS files are checked against their sha256, and snapshots/COMMIT/FILE links to the blob. Only the
 * files a model needs are fetched ({@link HubFiles}).
 */
public final class HubClient {
    private static final System.Logger LOG = System.getLogger(HubClient.class.getName());
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");
    private static final int MAX_REDIRECTS = 5;

    private final HubSettings settings;
    private final HubCache cache;

    public HubClient(HubSettings settings) {
        this.settings = settings;
        this.cache = new HubCache(settings.cache());
    }

    /** Downloads what is missing of {@code repoId@revision}; returns its snapshot folder. */
    public Path download(String repoId, String revision) throws ModelResolutionException {
        String at = repoId + "@" + revision;
        try (HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(Duration.ofSeconds(20)).build()) {
            URI infoUri = URI.create(settings.endpoint() + "/api/models/" + repoId + "/revision/" + encode(revision));
            HttpResponse<String> info = follow(http, infoUri, "GET", HttpResponse.BodyHandlers.ofString(), -1);
            check(info.statusCode(), at, "model info (" + infoUri + ")");
            JsonNode root = JSON.readTree(info.body());
            String commit = root.path("sha").asString(null);
            if (commit == null || !HubCache.isCommit(commit)) {
                throw new ModelResolutionException("Hub model " + at + ": the model-info answer of " + settings.endpoint()
                        + " has no commit sha; is HF_ENDPOINT a Hugging Face Hub?");
            }
            List<String> available = new ArrayList<>();
            for (JsonNode s : root.path("siblings")) {
                available.add(s.path("rfilename").asString());
            }
            for (String file : HubFiles.needed(repoId, revision, available)) {
                fetch(http, repoId, revision, commit, file);
            }
            if (!HubCache.isCommit(revision)) {
                Path ref = cache.repoFolder(repoId).resolve("refs").resolve(revision);
                Files.createDirectories(ref.getParent());
                Files.writeString(ref, commit);
            }
            return cache.snapshot(repoId, commit);
        } catch (ModelResolutionException e) {
            throw e;
        } catch (IOException e) {
            throw new ModelResolutionException("Hub model " + at + ": cannot reach " + settings.endpoint() + " (" + e
                    + "); check the network or HF_ENDPOINT, or set HF_HUB_OFFLINE=1 and pre-populate the cache "
                    + settings.cache() + " with `huggingface-cli download " + repoId + "`", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ModelResolutionException("Hub model " + at + ": interrupted while downloading", e);
        }
    }

    private void fetch(HttpClient http, String repoId, String revision, String commit, String file)
            throws IOException, InterruptedException {
        Path pointer = cache.snapshot(repoId, commit).resolve(file);
        if (Files.exists(pointer)) {
            return;
        }
        String what = "Hub model " + repoId + "@" + revision + ", file " + file;
        URI uri = URI.create(settings.endpoint() + "/" + repoId + "/resolve/" + commit + "/" + encodePath(file));
        HttpResponse<Void> head = http.send(request(uri, "HEAD", -1), HttpResponse.BodyHandlers.discarding());
        int status = head.statusCode();
        if (status / 100 != 3) {
            check(status, repoId + "@" + revision, "file " + file);
        }
        String etag = header(head, "X-Linked-Etag").or(() -> header(head, "ETag")).map(HubClient::cleanEtag)
                .orElseThrow(() -> new ModelResolutionException(what + ": the Hub sent no ETag for " + uri
                        + "; is HF_ENDPOINT a Hugging Face Hub?"));
        long size = header(head, "X-Linked-Size").or(() -> status == 200 ? header(head, "Content-Length") : Optional.empty())
                .map(Long::parseLong).orElse(-1L);
        Path blob = cache.blob(repoId, etag);
        if (!Files.isRegularFile(blob)) {
            Files.createDirectories(blob.getParent());
            Path incomplete = blob.resolveSibling(etag + ".incomplete");
            long have = Files.isRegularFile(incomplete) ? Files.size(incomplete) : 0;
            HttpResponse<InputStream> body = follow(http, uri, "GET", HttpResponse.BodyHandlers.ofInputStream(), have);
            if (body.statusCode() == 416) {
                body.body().close();
                Files.deleteIfExists(incomplete);
                have = 0;
                body = follow(http, uri, "GET", HttpResponse.BodyHandlers.ofInputStream(), 0);
            }
            if (body.statusCode() != 200 && body.statusCode() != 206) {
                body.body().close();
                check(body.statusCode(), repoId + "@" + revision, "file " + file);
            }
            boolean append = body.statusCode() == 206 && have > 0;
            if (append) {
                LOG.log(System.Logger.Level.INFO, what + ": resuming at byte " + have);
            } else {
                have = 0;
            }
            long total = size >= 0 ? size : body.headers().firstValueAsLong("Content-Length").orElse(-1) + have;
            long got = have;
            try (InputStream in = body.body();
                 OutputStream out = Files.newOutputStream(incomplete, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                         append ? StandardOpenOption.APPEND : StandardOpenOption.TRUNCATE_EXISTING)) {
                byte[] buf = new byte[1 << 16];
                long nextReport = total > 0 ? got + total / 10 : Long.MAX_VALUE;
                LOG.log(System.Logger.Level.INFO, what + ": downloading " + (total > 0 ? total / 1_000_000 + " MB" : ""));
                for (int n; (n = in.read(buf)) > 0; ) {
                    out.write(buf, 0, n);
                    got += n;
                    if (got >= nextReport) {
                        LOG.log(System.Logger.Level.INFO, String.format(Locale.ROOT, "%s: %d%% (%d of %d MB)",
                                what, 100 * got / total, got / 1_000_000, total / 1_000_000));
                        nextReport += total / 10;
                    }
                }
            } catch (IOException e) {
                throw new ModelResolutionException(what + ": the download stopped after " + got + " of " + total + " bytes ("
                        + e.getMessage() + "); run again to resume from " + incomplete, e);
            }
            if (total >= 0 && got != total) {
                throw new ModelResolutionException(what + ": the download ended after " + got + " of " + total
                        + " bytes; run again to resume from " + incomplete);
            }
            if (SHA256.matcher(etag).matches()) {
                String actual = sha256(incomplete);
                if (!actual.equals(etag)) {
                    Files.delete(incomplete);
                    throw new ModelResolutionException(what + ": the downloaded file's sha256 is " + actual
                            + " but the Hub's X-Linked-Etag says " + etag + "; the corrupt file was deleted, run again"
                            + " (if it keeps happening, a proxy is altering the download)");
                }
            }
            Files.move(incomplete, blob, StandardCopyOption.ATOMIC_MOVE);
        }
        link(pointer, blob);
    }

    /** snapshots/COMMIT/FILE -> ../../blobs/ETAG, relative like huggingface_hub's; a copy where links are not allowed. */
    private static void link(Path pointer, Path blob) throws IOException {
        Files.createDirectories(pointer.getParent());
        try {
            Files.createSymbolicLink(pointer, pointer.getParent().relativize(blob));
        } catch (UnsupportedOperationException | IOException e) {
            Files.copy(blob, pointer, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /** Sends and follows redirects itself, so the token goes to the endpoint's host only, never to a CDN. */
    private <T> HttpResponse<T> follow(HttpClient http, URI uri, String method, HttpResponse.BodyHandler<T> handler,
                                       long rangeFrom) throws IOException, InterruptedException {
        URI current = uri;
        for (int i = 0; ; i++) {
            HttpResponse<T> response = http.send(request(current, method, rangeFrom), handler);
            int status = response.statusCode();
            Optional<String> location = response.headers().firstValue("Location");
            if (status / 100 != 3 || location.isEmpty() || i == MAX_REDIRECTS) {
                return response;
            }
            if (response.body() instanceof InputStream in) {
                in.close();
            }
            current = current.resolve(location.get());
        }
    }

    private HttpRequest request(URI uri, String method, long rangeFrom) {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri).timeout(Duration.ofMinutes(2))
                .method(method, HttpRequest.BodyPublishers.noBody())
                .header("User-Agent", "distilbertj");
        if (settings.token() != null && uri.getHost() != null && uri.getHost().equals(settings.endpoint().getHost())) {
            b.header("Authorization", "Bearer " + settings.token());
        }
        if (rangeFrom > 0) {
            b.header("Range", "bytes=" + rangeFrom + "-");
        }
        return b.build();
    }

    private void check(int status, String at, String what) throws ModelResolutionException {
        if (status == 200) {
            return;
        }
        String advice = switch (status) {
            case 401, 403 -> "the repository is private or gated: set HF_TOKEN to a token with read access to it"
                    + (settings.token() != null ? " (the HF_TOKEN that is set was refused)" : "");
            case 404 -> "no such model, revision or file: check the id (ORG/NAME) and the revision after '@'";
            case 429 -> "rate-limited: wait and run again, or set HF_TOKEN";
            default -> "the Hub answered HTTP " + status + "; run again later";
        };
        throw new ModelResolutionException("Hub model " + at + ", " + what + ": HTTP " + status + " from "
                + settings.endpoint() + ": " + advice);
    }

    private static Optional<String> header(HttpResponse<?> r, String name) {
        return r.headers().firstValue(name).filter(v -> !v.isBlank());
    }

    private static String cleanEtag(String etag) {
        String e = etag.strip();
        if (e.startsWith("W/")) {
            e = e.substring(2);
        }
        return e.replace("\"", "");
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static String encodePath(String file) {
        StringBuilder b = new StringBuilder();
        for (String part : file.split("/")) {
            if (!b.isEmpty()) {
                b.append('/');
            }
            b.append(encode(part));
        }
        return b.toString();
    }

    private static String sha256(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
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
