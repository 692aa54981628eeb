package io.github.distilbertj.model;

import java.io.IOException;

/**
 * A model folder or file that cannot be used: a malformed safetensors header, an unsupported
 * dtype or model type, a missing or mis-shaped tensor, an ONNX graph whose weights cannot be
 * named. The message always names the file or tensor at fault.
 */
public class ModelFormatException extends IOException {
    private static final long serialVersionUID = 1L;

    public ModelFormatException(String message) {
        super(message);
    }

    public ModelFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
