package io.github.distilbertj.benchmark;

/**
 * One row of the report.
 *
 * @param id    stable key (JSON, chart)
 * @param label what a reader sees in the table
 * @param kind  which contenders take part and what they compute
 * @param batch sequences (or texts) per call
 * @param seq   tokens per sequence for id-based operations; 0 for text operations
 */
public record Operation(String id, String label, Kind kind, int batch, int seq) {

    public enum Kind {
        /** Text to token ids: DistilBERT-J's tokenizer vs Hugging Face tokenizers (DJL). */
        TOKENIZER,
        /** Token ids to last hidden state, random DistilBERT-base. */
        FORWARD,
        /** Token ids to mean-pooled, L2-normalised embeddings, random DistilBERT-base. */
        EMBED,
        /** Texts to embeddings (tokenize, forward, mean pool, normalise), random DistilBERT-base. */
        END_TO_END,
        /** Texts to embeddings with the built-in all-MiniLM-L6-v2 vs LangChain4j. */
        MINILM,
        /**
         * Token ids of texts of mixed lengths (a real corpus) to embeddings, random DistilBERT-base: DistilBERT-J
         * runs them unpadded, ONNX Runtime and PyTorch padded to the longest with a zero mask.
         */
        MIXED,
        /** The same mixed-length texts through the built-in all-MiniLM-L6-v2 vs LangChain4j. */
        MINILM_MIXED
    }

    public static Operation tokenizer(int batch) {
        return new Operation("tokenizer-b" + batch, "tokenizer, batch " + batch, Kind.TOKENIZER, batch, 0);
    }

    public static Operation forward(int batch, int seq) {
        return new Operation("forward-" + batch + "x" + seq, "forward " + batch + "x" + seq, Kind.FORWARD, batch, seq);
    }

    public static Operation embed(int batch, int seq) {
        return new Operation("embed-" + batch + "x" + seq, "embeddings " + batch + "x" + seq + " (ids)",
                Kind.EMBED, batch, seq);
    }

    public static Operation endToEnd(int batch) {
        return new Operation("e2e-b" + batch, "text to embedding, batch " + batch, Kind.END_TO_END, batch, 0);
    }

    public static Operation miniLm(int batch) {
        return new Operation("minilm-b" + batch, "MiniLM-L6 text to embedding, batch " + batch, Kind.MINILM, batch, 0);
    }

    public static Operation mixed(int batch) {
        return new Operation("mixed-b" + batch, "embeddings of " + batch + " mixed-length texts (5-500 tokens, ids)",
                Kind.MIXED, batch, 0);
    }

    public static Operation miniLmMixed(int batch) {
        return new Operation("minilm-mixed-b" + batch, "MiniLM-L6 " + batch + " mixed-length texts (5-128 tokens)",
                Kind.MINILM_MIXED, batch, 0);
    }

    /** Whether the thread count applies (the tokenizers run on the calling thread). */
    public boolean threaded() {
        return kind != Kind.TOKENIZER;
    }
}
