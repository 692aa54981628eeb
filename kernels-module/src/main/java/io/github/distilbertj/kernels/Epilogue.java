package io.github.distilbertj.kernels;

/** What {@link Sgemm#linear} applies to each output tile while it is still in cache. */
public enum Epilogue {
    /** C = A W^T. */
    NONE,
    /** C = A W^T + bias. */
    BIAS,
    /** C = gelu(A W^T + bias), exact erf GELU as torch.nn.functional.gelu. */
    BIAS_GELU,
    /** C = max(0, A W^T + bias). */
    BIAS_RELU,
    /** C = A W^T + bias + R (C may be R itself). */
    BIAS_RESIDUAL;

    boolean usesBias() {
        return this != NONE;
    }

    boolean usesResidual() {
        return this == BIAS_RESIDUAL;
    }
}
