package io.github.distilbertj.model.reference;

import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How a user names a model, in the order it is tried: a folder that exists; a catalogue name
 * ({@link CatalogueModel}); a Hugging Face Hub id {@code ORG/NAME} with an optional
 * {@code @REVISION} (branch, tag or commit; default {@code main}).
 */
public sealed interface ModelReference {

    /** The text as the user gave it. */
    String text();

    record Folder(String text, Path path) implements ModelReference {
    }

    record Catalogue(String text, CatalogueModel model) implements ModelReference {
    }

    record Hub(String text, String repoId, String revision) implements ModelReference {
    }

    Pattern HUB_ID = Pattern.compile("([A-Za-z0-9][\\w.-]*/[A-Za-z0-9][\\w.-]*)(?:@([\\w./-]+))?");

    /**
     * Reads a reference.
     *
     * @throws ModelResolutionException none of the three forms; the message lists them
     */
    static ModelReference parse(String text) throws ModelResolutionException {
        Objects.requireNonNull(text, "reference");
        String t = text.strip();
        if (t.isEmpty()) {
            throw new ModelResolutionException("the model reference is empty: give a folder, a catalogue name "
                    + CatalogueModel.names() + " or a Hub id ORG/NAME[@REVISION]");
        }
        try {
            Path path = Path.of(t.startsWith("~/") ? System.getProperty("user.home") + t.substring(1) : t);
            if (Files.isDirectory(path)) {
                return new Folder(text, path);
            }
        } catch (InvalidPathException e) {
            // not a path: one of the other forms
        }
        var catalogue = CatalogueModel.find(t);
        if (catalogue.isPresent()) {
            return new Catalogue(text, catalogue.get());
        }
        Matcher m = HUB_ID.matcher(t);
        if (m.matches() && !t.startsWith(".") && !t.contains("..")) {
            return new Hub(text, m.group(1), m.group(2) != null ? m.group(2) : "main");
        }
        throw new ModelResolutionException("model '" + text + "' is not a folder that exists, not a catalogue name "
                + CatalogueModel.names() + " and not a Hugging Face Hub id ORG/NAME[@REVISION]");
    }
}
