package io.github.distilbertj.tokenizer;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Deterministic texts covering everything the BERT pipeline treats specially: prose, every punctuation and symbol
 * class, accents (composed and decomposed), CJK and other scripts, emoji sequences, controls, zero-width and all
 * whitespace characters, over-long words, numbers, URLs, added tokens, empty and blank strings.
 *
 * <p>Texts with lone surrogates never contain supplementary characters or NUL: DJL hands Java strings to Rust
 * through modified UTF-8 and, when a lone surrogate makes that invalid, decodes the whole string lossily, which
 * turns every supplementary character into six U+FFFD and NUL into two, an artefact of the bridge rather than of
 * HF's tokenizer.
 */
public final class ParityCorpus {

    private static final String[] WORDS = ("the of and to in is was he for it with as his on be at by had are but "
            + "from or have an they which one you were her all she there would their we him been has when who will "
            + "more no if out so said what up its about into than them can only other new some could time these two "
            + "may then do first any my now such like our over man me even most made after also did many before must "
            + "through back years where much your way well down should because each just those people how too little "
            + "state good very make world still own see men work long get here between both life being under never "
            + "day same another know while last might us great old year off come since against go came right used "
            + "tokenization unbelievably antidisestablishmentarianism supercalifragilisticexpialidocious "
            + "DistilBERT huggingface WordPiece transformers embeddings quantization Java JVM CPU SIMD AVX512 "
            + "don't won't it's I'm they're we've you'll O'Neill rock'n'roll e-mail state-of-the-art U.S.A. "
            + "naïve café résumé façade Zürich São Paulo Ærøskøbing Dvořák Łódź İstanbul straße ΣΊΣΥΦΟΣ").split(" ");

    private static final int[] WHITESPACE = {0x09, 0x0A, 0x0B, 0x0C, 0x0D, 0x20, 0x85, 0xA0, 0x1680, 0x2000, 0x2001,
        0x2002, 0x2003, 0x2004, 0x2005, 0x2006, 0x2007, 0x2008, 0x2009, 0x200A, 0x2028, 0x2029, 0x202F, 0x205F,
        0x3000, 0x1C, 0x1D, 0x1E, 0x1F, 0x180E};
    private static final int[] ZERO_WIDTH = {0x200B, 0x200C, 0x200D, 0x2060, 0xFEFF, 0x00AD, 0x200E, 0x200F, 0x061C,
        0xFE0F, 0xFE0E, 0x034F};
    private static final String[] EMOJI_SEQUENCES = {"👨‍👩‍👧‍👦", "👍🏽", "👋🏿", "🏳️‍🌈", "🇯🇵", "🇺🇸", "1️⃣", "#️⃣",
        "❤️", "🧑🏻‍💻", "👩‍❤️‍💋‍👨", "😀", "🥰", "🫠", "🦀", "☕", "✈️", "🤷‍♀️"};
    private static final String[] ADDED = {"[CLS]", "[SEP]", "[MASK]", "[PAD]", "[UNK]", "[mask]", "[CLS", "[[SEP]]",
        "x[MASK]y"};
    private static final String[] SNIPPETS = {"https://example.com/path?q=1&lang=en#frag", "user.name+tag@example.org",
        "3.14159", "-42", "1,000,000", "2026-11-27T04:46:26Z", "$19.99", "€5", "50%", "C++", "a->b", "x=y+z*2",
        "<html><body>", "{\"k\": [1, 2]}", "#hashtag", "@mention", "ﬁnance", "Ⅻ", "½", "²³", "ｆｕｌｌｗｉｄｔｈ",
        "ǅ", "ﬀ", "Å", "ﬃ", "Ω", "K", "ᾮ"};

    private ParityCorpus() {
    }

    /** {@code count} texts generated from {@code seed}. */
    public static List<String> texts(long seed, int count) {
        Random r = new Random(seed);
        List<String> out = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            out.add(text(r, i));
        }
        return out;
    }

    /** A mixture weighted towards realistic text: mostly prose with some of every special case. */
    public static String text(Random r, int index) {
        switch (index % 50) {
            case 0:
                return "";
            case 1:
                return blank(r);
            case 2:
                return longWord(r);
            case 3:
                return withLoneSurrogates(r);
            default:
                break;
        }
        StringBuilder sb = new StringBuilder();
        int fragments = 1 + r.nextInt(r.nextInt(8) == 0 ? 60 : 14);
        for (int f = 0; f < fragments; f++) {
            if (f > 0 && r.nextInt(5) != 0) {
                sb.append(r.nextInt(12) == 0 ? Character.toString(WHITESPACE[r.nextInt(WHITESPACE.length)]) : " ");
            }
            fragment(r, sb, true);
        }
        return sb.toString();
    }

    private static void fragment(Random r, StringBuilder sb, boolean supplementaryAllowed) {
        int kind = r.nextInt(100);
        if (kind < 45) {
            String w = WORDS[r.nextInt(WORDS.length)];
            sb.append(r.nextInt(6) == 0 ? w.toUpperCase(java.util.Locale.ROOT) : r.nextInt(4) == 0 ? capitalize(w) : w);
        } else if (kind < 50) {
            sb.append(ofCategories(r, supplementaryAllowed, Character.CONNECTOR_PUNCTUATION, Character.DASH_PUNCTUATION,
                    Character.START_PUNCTUATION, Character.END_PUNCTUATION, Character.INITIAL_QUOTE_PUNCTUATION,
                    Character.FINAL_QUOTE_PUNCTUATION, Character.OTHER_PUNCTUATION));
        } else if (kind < 53) {
            sb.append("!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~".charAt(r.nextInt(32)));
        } else if (kind < 56) {
            sb.append(ofCategories(r, supplementaryAllowed, Character.MATH_SYMBOL, Character.CURRENCY_SYMBOL, Character.MODIFIER_SYMBOL,
                    Character.OTHER_SYMBOL));
        } else if (kind < 60) {
            accented(r, sb);
        } else if (kind < 63) {
            int[][] cjk = {{0x4E00, 0x9FFF}, {0x3400, 0x4DBF}, {0xF900, 0xFAFF}, {0x3040, 0x30FF}};
            int[] range = cjk[r.nextInt(cjk.length)];
            for (int k = 1 + r.nextInt(6); k > 0; k--) {
                sb.appendCodePoint(range[0] + r.nextInt(range[1] - range[0] + 1));
            }
        } else if (kind < 65 && supplementaryAllowed) {
            int[][] cjk = {{0x20000, 0x2A6DF}, {0x2B740, 0x2B81F}, {0x2B820, 0x2B91F}, {0x2F800, 0x2FA1F}, {0x30000, 0x3134A}};
            int[] range = cjk[r.nextInt(cjk.length)];
            sb.appendCodePoint(range[0] + r.nextInt(range[1] - range[0] + 1));
        } else if (kind < 72) {
            int[][] scripts = {{0xAC00, 0xD7A3}, {0x0E01, 0x0E5B}, {0x0621, 0x064A}, {0x0400, 0x04FF}, {0x0391, 0x03C9},
                {0x0905, 0x0939}, {0x05D0, 0x05EA}, {0x1100, 0x11FF}, {0x0531, 0x0587}, {0x10A0, 0x10FF}};
            int[] range = scripts[r.nextInt(scripts.length)];
            for (int k = 1 + r.nextInt(8); k > 0; k--) {
                sb.appendCodePoint(range[0] + r.nextInt(range[1] - range[0] + 1));
            }
        } else if (kind < 76 && supplementaryAllowed) {
            if (r.nextBoolean()) {
                sb.append(EMOJI_SEQUENCES[r.nextInt(EMOJI_SEQUENCES.length)]);
            } else {
                sb.appendCodePoint(0x1F300 + r.nextInt(0x1FAFF - 0x1F300));
            }
        } else if (kind < 79) {
            int c = r.nextInt(3) == 0 ? 0x7F + r.nextInt(0x21) : r.nextInt(0x20);
            if (c != 0 || supplementaryAllowed) {
                sb.append((char) c);
            }
        } else if (kind < 82) {
            sb.append((char) ZERO_WIDTH[r.nextInt(ZERO_WIDTH.length)]);
        } else if (kind < 85) {
            sb.appendCodePoint(WHITESPACE[r.nextInt(WHITESPACE.length)]);
        } else if (kind < 89) {
            sb.append(SNIPPETS[r.nextInt(SNIPPETS.length)]);
        } else if (kind < 91) {
            sb.append(r.nextInt(Integer.MAX_VALUE));
        } else if (kind < 93) {
            sb.append(ADDED[r.nextInt(ADDED.length)]);
        } else if (kind < 95) {
            sb.append(repeat(WORDS[r.nextInt(WORDS.length)], 1 + r.nextInt(12)));
        } else {
            // Any code point at all: unassigned, private use, other planes.
            int cp;
            do {
                cp = r.nextInt(4) == 0 ? r.nextInt(0x110000) : r.nextInt(0x30000);
            } while ((cp >= 0xD800 && cp <= 0xDFFF) || (!supplementaryAllowed && (cp >= 0x10000 || cp == 0)));
            sb.appendCodePoint(cp);
        }
    }

    private static String ofCategories(Random r, boolean supplementaryAllowed, int... categories) {
        while (true) {
            int cp = r.nextInt(4) == 0 && supplementaryAllowed ? r.nextInt(0x20000) : r.nextInt(0x3100);
            int type = Character.getType(cp);
            for (int c : categories) {
                if (type == c) {
                    return Character.toString(cp);
                }
            }
        }
    }

    private static void accented(Random r, StringBuilder sb) {
        for (int k = 1 + r.nextInt(6); k > 0; k--) {
            int mode = r.nextInt(3);
            if (mode == 0) {
                sb.appendCodePoint(0xC0 + r.nextInt(0x250 - 0xC0)); // Latin-1 supplement and extended A/B
            } else if (mode == 1) {
                sb.append((char) ('a' + r.nextInt(26)));
                for (int m = 1 + r.nextInt(3); m > 0; m--) {
                    sb.appendCodePoint(0x300 + r.nextInt(0x70)); // decomposed: base + combining marks
                }
            } else {
                sb.appendCodePoint(0x1E00 + r.nextInt(0x100)); // Latin extended additional
            }
        }
    }

    private static String blank(Random r) {
        StringBuilder sb = new StringBuilder();
        for (int k = r.nextInt(6); k >= 0; k--) {
            sb.appendCodePoint(WHITESPACE[r.nextInt(WHITESPACE.length)]);
        }
        return sb.toString();
    }

    private static String longWord(Random r) {
        int length = 95 + r.nextInt(20);
        StringBuilder sb = new StringBuilder("x ");
        for (int k = 0; k < length; k++) {
            sb.append((char) ('a' + r.nextInt(26)));
        }
        return sb.append(" y ").append(repeat("9", 90 + r.nextInt(20))).append(" z").toString();
    }

    private static String withLoneSurrogates(Random r) {
        StringBuilder sb = new StringBuilder();
        for (int f = 1 + r.nextInt(8); f > 0; f--) {
            if (r.nextInt(3) == 0) {
                // Followed by a non-surrogate so two lone halves never pair up.
                sb.append((char) (0xD800 + r.nextInt(0x800))).append(r.nextBoolean() ? "x" : ",");
            } else {
                fragment(r, sb, false);
            }
            sb.append(r.nextBoolean() ? " " : "");
        }
        return sb.toString();
    }

    private static String capitalize(String w) {
        return w.isEmpty() ? w : Character.toUpperCase(w.charAt(0)) + w.substring(1);
    }

    private static String repeat(String s, int n) {
        return s.repeat(n);
    }
}
