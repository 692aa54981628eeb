package io.github.distilbertj.model.reference;

import java.nio.file.Path;

/** What a reference resolves to: a model folder, or a catalogue model's files in a jar or on the class path. */
public sealed interface ResolvedModel {

    /** A Hugging Face model folder (a Hub snapshot is one). */
    record Folder(Path path) implements ResolvedModel {
    }

    /**
     * A catalogue model's files.
     *
     * @param jar the jar in the local Maven repository, or null when the files are on the class path
     */
    record Packaged(CatalogueModel model, Path jar) implements ResolvedModel {
    }
}
