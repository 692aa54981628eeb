package io.github.distilbertj.model;

/**
 * A quantized ONNX graph that cannot be mapped onto the encoder (a quantized operator other than the
 * MatMulInteger + DynamicQuantizeLinear of a dynamic-int8 export, or a MatMulInteger whose weight, scale or bias
 * cannot be traced). Raised at load; the message names the node, {@link LoadOptions#WEIGHTS_PROPERTY} with the
 * accepted values, and what loads instead.
 */
public class UnsupportedQuantizationException extends ModelFormatException {
    private static final long serialVersionUID = 1L;

    public UnsupportedQuantizationException(String message) {
        super(message);
    }

    public UnsupportedQuantizationException(String message, Throwable cause) {
        super(message, cause);
    }
}
