package io.github.distilbertj.model.reference;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The Hugging Face Hub cache layout, as huggingface_hub and transformers write it:
 * <pre>
 * CACHE/models--ORG--NAME/refs/REVISION          the commit a branch or tag pointed at
 *                        /snapshots/COMMIT/FILE  symlinks to ../../blobs/ETAG
 *                        /blobs/ETAG             the files (LFS files under their sha256)
 * </pre>
 */
public record HubCache(Path root) {

    private static final Pattern COMMIT = Pattern.compile("[0-9a-f]{40}");

    /** models--ORG--NAME. */
    public Path repoFolder(String repoId) {
        return root.resolve("models--" + repoId.replace("/", "--"));
    }

    public static boolean isCommit(String revision) {
        return COMMIT.matcher(revision).matches();
    }

    /** The commit {@code revision} names: itself when it is a commit hash, else refs/REVISION. */
    public Optional<String> commitOf(String repoId, String revision) throws IOException {
        if (isCommit(revision)) {
            return Optional.of(revision);
        }
        Path ref = repoFolder(repoId).resolve("refs").resolve(revision);
        if (!Files.isRegularFile(ref)) {
            return Optional.empty();
        }
        String commit = Files.readString(ref).strip();
        return commit.isEmpty() ? Optional.empty() : Optional.of(commit);
    }

    /** snapshots/COMMIT, whether or not it exists. */
    public Path snapshot(String repoId, String commit) {
        return repoFolder(repoId).resolve("snapshots").resolve(commit);
    }

    public Path blob(String repoId, String etag) {
        return repoFolder(repoId).resolve("blobs").resolve(etag);
    }

    /** The snapshot of {@code revision} when the cache has it and it holds a loadable model. */
    public Optional<Path> complete(String repoId, String revision) throws IOException {
        Optional<String> commit = commitOf(repoId, revision);
        if (commit.isEmpty()) {
            return Optional.empty();
        }
        Path snapshot = snapshot(repoId, commit.get());
        return HubFiles.isLoadable(snapshot) ? Optional.of(snapshot) : Optional.empty();
    }
}
