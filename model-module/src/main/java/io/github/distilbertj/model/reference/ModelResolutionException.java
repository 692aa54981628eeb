package io.github.distilbertj.model.reference;

import java.io.IOException;

/**
 * A model reference that cannot be turned into files: not a folder, an unknown catalogue name, a
 * Hub id that is neither cached nor downloadable, a failed or corrupt download. The message names
 * the model, the file and what to do about it.
 */
public final class ModelResolutionException extends IOException {
    private static final long serialVersionUID = 1L;

    public ModelResolutionException(String message) {
        super(message);
    }

    public ModelResolutionException(String message, Throwable cause) {
        super(message, cause);
    }
}
