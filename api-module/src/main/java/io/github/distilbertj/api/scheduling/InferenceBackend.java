package io.github.distilbertj.api.scheduling;

/**
 * The port between the HTTP service and a model: tokenization, a forward pass over a batch of
 * token-id sequences, pooling and the task heads. {@link EncoderBackend} implements it over
 * the project's {@code Encoder}; unit tests of batching, validation and metrics use a fake.
 *
 * <p>Tokenization and decoding run on request threads and must be thread-safe. The model
 * methods ({@link #forward}, {@link #classify}, {@link #maskedLm}, {@link #splade}) are only ever called from
 * the one inference thread of {@link BatchScheduler}.
 */
public interface InferenceBackend extends AutoCloseable {

    ModelInfo info();

    /**
     * Tokenizes a text, or a pair when {@code second} is non-null, without truncation.
     *
     * @param addSpecialTokens false leaves out what the model's template adds ([CLS], [SEP])
     */
    Tokens tokenize(String first, String second, boolean addSpecialTokens);

    /**
     * Tokenizes with the tokenizer's own truncation to {@code maxLength} tokens (longest first
     * for pairs), cutting from {@code direction}.
     */
    Tokens tokenizeTruncated(String first, String second, int maxLength, TruncationDirection direction);

    /** Text of the ids; an id outside the vocabulary throws IllegalArgumentException. */
    String decode(int[] ids, boolean skipSpecialTokens);

    /** The vocabulary token of an id (for fill-mask results). */
    String token(int id);

    /** Last hidden state of each sequence, [sequence][its length][hidden]. */
    float[][][] forward(int[][] ids, int[][] typeIds);

    /** Pools one sequence's last hidden state with the model's pooling, L2-normalised if asked. */
    float[] pool(float[][] lastHiddenState, boolean normalize);

    /** Classifier logits of each sequence, [sequence][label]. */
    float[][] classify(int[][] ids, int[][] typeIds);

    /** Masked-LM logits [sequence][position][vocab] at the given token positions of each sequence. */
    float[][][] maskedLm(int[][] ids, int[][] positions);

    /**
     * SPLADE weights [sequence][vocab]: for each vocabulary entry, the max over the sequence's tokens of
     * log(1 + relu(masked-LM logit)). Needs a masked-LM head, like {@link #maskedLm}.
     */
    float[][] splade(int[][] ids);

    /** The model's sentence-transformers prompts ({@code config_sentence_transformers.json}); none by default. */
    default io.github.distilbertj.model.Prompts prompts() {
        return io.github.distilbertj.model.Prompts.NONE;
    }

    @Override
    void close();
}
