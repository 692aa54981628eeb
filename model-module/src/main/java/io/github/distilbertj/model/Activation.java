package io.github.distilbertj.model;

import io.github.distilbertj.kernels.Epilogue;

/** Feed-forward activation; exactly the two Hugging Face DistilBERT / BERT checkpoints use. */
public enum Activation {
    /** Exact erf GELU, as torch.nn.functional.gelu (Hugging Face "gelu"). */
    GELU("gelu", Epilogue.BIAS_GELU),
    RELU("relu", Epilogue.BIAS_RELU);

    private final String configName;
    private final Epilogue epilogue;

    Activation(String configName, Epilogue epilogue) {
        this.configName = configName;
        this.epilogue = epilogue;
    }

    public String configName() {
        return configName;
    }

    /** The GEMM epilogue that adds the bias and applies this activation. */
    public Epilogue epilogue() {
        return epilogue;
    }
}
