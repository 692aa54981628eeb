package io.github.distilbertj.tokenizer;

/**
 * Character predicates of Hugging Face's BERT normaliser and pre-tokenizer, on Unicode code points.
 *
 * <p>They follow the Rust definitions, not Java's look-alikes: {@link Character#isWhitespace(int)}
 * differs from Rust's {@code char::is_whitespace} (the Unicode White_Space property), so that set
 * is spelled out here.
 */
final class BertCharacters {

    private BertCharacters() {
    }

    /** Rust {@code char::is_whitespace}: the Unicode White_Space property. */
    static boolean isWhitespace(int cp) {
        if (cp <= 0x20) {
            return cp == 0x20 || (cp >= 0x09 && cp <= 0x0D);
        }
        if (cp < 0x85) {
            return false;
        }
        return cp == 0x85 || cp == 0xA0 || cp == 0x1680 || (cp >= 0x2000 && cp <= 0x200A)
                || cp == 0x2028 || cp == 0x2029 || cp == 0x202F || cp == 0x205F || cp == 0x3000;
    }

    /**
     * HF's {@code is_control}: general categories Cc, Cf and Co, except tab, newline and carriage return (which
     * count as whitespace). HF also names Cn, but its category tables list no unassigned code point, so
     * unassigned code points stay and become {@code [UNK]}. Removed by {@code clean_text}.
     */
    static boolean isControl(int cp) {
        if (cp == '\t' || cp == '\n' || cp == '\r') {
            return false;
        }
        int type = Unicode8Categories.type(cp);
        return type == Character.CONTROL || type == Character.FORMAT || type == Character.PRIVATE_USE;
    }

    /** HF's {@code is_bert_punc}: ASCII punctuation or any Unicode P* category. */
    static boolean isPunctuation(int cp) {
        if (cp < 0x80) {
            return (cp >= 0x21 && cp <= 0x2F) || (cp >= 0x3A && cp <= 0x40) || (cp >= 0x5B && cp <= 0x60)
                    || (cp >= 0x7B && cp <= 0x7E);
        }
        return switch (Unicode8Categories.type(cp)) {
            case Character.CONNECTOR_PUNCTUATION, Character.DASH_PUNCTUATION, Character.START_PUNCTUATION,
                 Character.END_PUNCTUATION, Character.INITIAL_QUOTE_PUNCTUATION, Character.FINAL_QUOTE_PUNCTUATION,
                 Character.OTHER_PUNCTUATION -> true;
            default -> false;
        };
    }

    /**
     * HF's {@code is_chinese_char}: the CJK ideograph blocks BERT isolates. The ranges are HF's, including
     * its gap at U+2B820..U+2B91F.
     */
    static boolean isChinese(int cp) {
        return (cp >= 0x4E00 && cp <= 0x9FFF) || (cp >= 0x3400 && cp <= 0x4DBF) || (cp >= 0x20000 && cp <= 0x2A6DF)
                || (cp >= 0x2A700 && cp <= 0x2B73F) || (cp >= 0x2B740 && cp <= 0x2B81F)
                || (cp >= 0x2B920 && cp <= 0x2CEAF) || (cp >= 0xF900 && cp <= 0xFAFF)
                || (cp >= 0x2F800 && cp <= 0x2FA1F);
    }

    /** General category Mn, which {@code strip_accents} removes after NFD. */
    static boolean isNonspacingMark(int cp) {
        return Unicode8Categories.type(cp) == Character.NON_SPACING_MARK;
    }
}
