package io.github.distilbertj.tokenizer;

/**
 * Settings of Hugging Face's {@code BertNormalizer}.
 *
 * @param cleanText          drop control characters, NUL and U+FFFD; turn every whitespace character into a space
 * @param handleChineseChars put spaces around CJK ideographs so each becomes its own word
 * @param stripAccents       NFD-decompose and drop non-spacing marks; {@code null} means "same as lowercase",
 *                           exactly like HF's {@code strip_accents: null}
 * @param lowercase          lowercase with the full Unicode mapping (U+0130 becomes "i\u0307")
 */
public record NormalizerOptions(boolean cleanText, boolean handleChineseChars, Boolean stripAccents, boolean lowercase) {

    /** The bert-base-uncased settings: everything on, accents stripped because lowercase is on. */
    public static final NormalizerOptions UNCASED = new NormalizerOptions(true, true, null, true);

    /** Whether accents are stripped once {@code null} has been resolved against {@link #lowercase()}. */
    public boolean effectiveStripAccents() {
        return stripAccents == null ? lowercase : stripAccents;
    }
}
