package io.github.distilbertj.tokenizer;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * BERT WordPiece tokenizer whose output (ids, type ids, attention mask, tokens, offsets) is identical to Hugging
 * Face {@code tokenizers} configured with {@code BertNormalizer}, {@code BertPreTokenizer}, {@code WordPiece} and a
 * BERT template, as in bert-base-uncased and distilbert-base-uncased.
 *
 * <p>Immutable and thread-safe. Each thread reuses its own scratch buffers, so encoding allocates only the
 * result. Offsets are UTF-16 char indices into the encoded {@code String} (see {@link Encoding}). A lone surrogate
 * is treated as U+FFFD, which is what reaches HF's Rust code through DJL: with {@code clean_text} it is removed.
 *
 * <pre>{@code
 * BertTokenizer tokenizer = BertTokenizer.uncased().withTruncation(128);
 * Encoding e = tokenizer.encode("Hello, world!");
 * e.ids();      // [101, 7592, 1010, 2088, 999, 102]
 * e.offsets();  // [[0,0], [0,5], [5,6], [7,12], [12,13], [0,0]]
 * }</pre>
 */
public final class BertTokenizer {

    private static final String BUILT_IN_VOCAB = "vocab.txt";
    private static final int MAX_RETAINED_SCRATCH = 1 << 16;
    private static final ThreadLocal<Scratch> SCRATCH = ThreadLocal.withInitial(Scratch::new);

    private final BertNormalizer normalizer;
    private final WordPiece wordPiece;
    private final List<AddedToken> addedTokens;
    private final AddedTokenMatcher addedTokenMatcher;
    private final Set<String> specialTokens;
    private final TemplateProcessor template;
    private final TruncationOptions truncation;
    private final PaddingOptions padding;
    private final WordPieceDecoder decoder;
    private final String unkToken;

    BertTokenizer(BertNormalizer normalizer, Vocabulary vocabulary, String unkToken, int maxInputCharsPerWord,
                  List<AddedToken> addedTokens, TemplateProcessor template, TruncationOptions truncation,
                  PaddingOptions padding, WordPieceDecoder decoder) {
        Vocabulary v = vocabulary;
        for (AddedToken t : addedTokens) {
            String existing = v.token(t.id());
            if (existing == null) {
                v = v.withExtraToken(t.content(), t.id());
            } else if (!existing.equals(t.content())) {
                throw new TokenizerConfigException("added token '" + t.content() + "' has id " + t.id()
                        + ", which the vocabulary gives to '" + existing + "'");
            }
        }
        this.normalizer = normalizer;
        this.wordPiece = new WordPiece(v, unkToken, maxInputCharsPerWord);
        this.unkToken = unkToken;
        this.addedTokens = List.copyOf(addedTokens);
        this.addedTokenMatcher = addedTokens.isEmpty() ? null : new AddedTokenMatcher(addedTokens);
        Set<String> specials = new HashSet<>();
        for (AddedToken t : addedTokens) {
            if (t.special()) {
                specials.add(t.content());
            }
        }
        this.specialTokens = Set.copyOf(specials);
        this.template = Objects.requireNonNull(template, "template");
        this.truncation = truncation;
        this.padding = padding;
        this.decoder = decoder;
    }

    private BertTokenizer(BertTokenizer base, TruncationOptions truncation, PaddingOptions padding) {
        this.normalizer = base.normalizer;
        this.wordPiece = base.wordPiece;
        this.unkToken = base.unkToken;
        this.addedTokens = base.addedTokens;
        this.addedTokenMatcher = base.addedTokenMatcher;
        this.specialTokens = base.specialTokens;
        this.template = base.template;
        this.truncation = truncation;
        this.padding = padding;
        this.decoder = base.decoder;
    }

    // ---------------------------------------------------------------- construction

    /**
     * The built-in bert-base-uncased vocabulary with the bert-base-uncased tokenizer.json settings. The instance is
     * built once, on first use, and shared: it is immutable.
     */
    public static BertTokenizer uncased() {
        return UncasedHolder.INSTANCE;
    }

    /** Lazy, thread-safe initialisation of the shared built-in tokenizer (class init runs once). */
    private static final class UncasedHolder {
        static final BertTokenizer INSTANCE = loadUncased();
    }

    private static BertTokenizer loadUncased() {
        try (InputStream in = BertTokenizer.class.getResourceAsStream(BUILT_IN_VOCAB)) {
            if (in == null) {
                throw new TokenizerConfigException("built-in vocabulary resource " + BUILT_IN_VOCAB + " is missing");
            }
            return fromVocab(in, NormalizerOptions.UNCASED);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the built-in vocabulary", e);
        }
    }

    /** A {@code vocab.txt} (one token per line, id = line number) with the uncased BERT settings. */
    public static BertTokenizer fromVocab(Path vocabTxt) throws IOException {
        return fromVocab(vocabTxt, NormalizerOptions.UNCASED);
    }

    /** A {@code vocab.txt} with the given normaliser settings (e.g. cased models: lowercase off). */
    public static BertTokenizer fromVocab(Path vocabTxt, NormalizerOptions normalizer) throws IOException {
        Objects.requireNonNull(vocabTxt, "vocabTxt");
        try (InputStream in = Files.newInputStream(vocabTxt)) {
            return fromVocab(in, normalizer);
        }
    }

    /**
     * A {@code vocab.txt} stream, configured like HF's {@code BertWordPieceTokenizer}: {@code [UNK]},
     * {@code [CLS] A [SEP]} template, and the standard special tokens that exist in the vocabulary matched in text.
     */
    public static BertTokenizer fromVocab(InputStream vocabTxt, NormalizerOptions normalizer) throws IOException {
        Objects.requireNonNull(vocabTxt, "vocabTxt");
        Objects.requireNonNull(normalizer, "normalizer");
        Map<String, Integer> entries = new LinkedHashMap<>();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(vocabTxt, StandardCharsets.UTF_8))) {
            String line;
            int index = 0;
            while ((line = r.readLine()) != null) {
                // HF's WordPiece::read_file keys each line with trailing whitespace trimmed.
                entries.put(line.stripTrailing(), index++);
            }
        }
        if (entries.isEmpty()) {
            throw new TokenizerConfigException("vocabulary is empty");
        }
        Vocabulary vocabulary = new Vocabulary(entries, "##");
        List<AddedToken> added = new ArrayList<>();
        for (String special : List.of("[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]")) {
            int id = vocabulary.id(special);
            if (id >= 0) {
                added.add(new AddedToken(special, id, true));
            }
        }
        int cls = vocabulary.id("[CLS]");
        int sep = vocabulary.id("[SEP]");
        if (cls < 0 || sep < 0) {
            throw new TokenizerConfigException("vocabulary lacks [CLS] or [SEP], which the BERT template needs");
        }
        added.sort((a, b) -> Integer.compare(a.id(), b.id()));
        return new BertTokenizer(new BertNormalizer(normalizer), vocabulary, "[UNK]", 100, added,
                TemplateProcessor.bert("[CLS]", cls, "[SEP]", sep), null, null, new WordPieceDecoder("##", true));
    }

    /** A Hugging Face {@code tokenizer.json} with a WordPiece model; unsupported parts are rejected by name. */
    public static BertTokenizer fromTokenizerJson(Path tokenizerJson) throws IOException {
        Objects.requireNonNull(tokenizerJson, "tokenizerJson");
        try (InputStream in = Files.newInputStream(tokenizerJson)) {
            return TokenizerJson.load(in);
        }
    }

    /** A Hugging Face {@code tokenizer.json} read from a stream (not closed). */
    public static BertTokenizer fromTokenizerJson(InputStream tokenizerJson) {
        Objects.requireNonNull(tokenizerJson, "tokenizerJson");
        return TokenizerJson.load(tokenizerJson);
    }

    /** A Hugging Face {@code tokenizer.json} given as its text. */
    public static BertTokenizer fromTokenizerJsonString(String tokenizerJson) {
        Objects.requireNonNull(tokenizerJson, "tokenizerJson");
        return TokenizerJson.load(tokenizerJson);
    }

    // ---------------------------------------------------------------- options

    /** This tokenizer truncating longest-first on the right to {@code maxLength} tokens, specials included. */
    public BertTokenizer withTruncation(int maxLength) {
        return withTruncation(TruncationOptions.longestFirst(maxLength));
    }

    /** This tokenizer with the given truncation, or none when {@code null}. */
    public BertTokenizer withTruncation(TruncationOptions options) {
        if (options != null && options.maxLength() < template.addedTokens(true)) {
            throw new IllegalArgumentException("truncation maxLength " + options.maxLength()
                    + " leaves no room for the " + template.addedTokens(true) + " special tokens of a pair");
        }
        return new BertTokenizer(this, options, padding);
    }

    /** This tokenizer without truncation. */
    public BertTokenizer withoutTruncation() {
        return new BertTokenizer(this, null, padding);
    }

    /** This tokenizer with the given padding, or none when {@code null}. */
    public BertTokenizer withPadding(PaddingOptions options) {
        return new BertTokenizer(this, truncation, options);
    }

    /** This tokenizer padding each batch to its longest encoding with the pad token ({@code [PAD]}). */
    public BertTokenizer withPaddingToLongest() {
        return withPadding(PaddingOptions.longest(padId(), wordPiece.vocabulary().token(padId())));
    }

    /** This tokenizer padding every encoding to {@code length} with the pad token ({@code [PAD]}). */
    public BertTokenizer withPaddingToFixed(int length) {
        return withPadding(PaddingOptions.fixed(length, padId(), wordPiece.vocabulary().token(padId())));
    }

    /** This tokenizer without padding. */
    public BertTokenizer withoutPadding() {
        return new BertTokenizer(this, truncation, null);
    }

    /** The truncation settings, or {@code null}. */
    public TruncationOptions truncation() {
        return truncation;
    }

    /** The padding settings, or {@code null}. */
    public PaddingOptions padding() {
        return padding;
    }

    public NormalizerOptions normalizerOptions() {
        return normalizer.options();
    }

    public TemplateProcessor template() {
        return template;
    }

    public List<AddedToken> addedTokens() {
        return addedTokens;
    }

    // ---------------------------------------------------------------- vocabulary

    /** One more than the highest token id, i.e. the rows an embedding matrix needs. */
    public int vocabSize() {
        return wordPiece.vocabulary().size();
    }

    /** The id of a token (added tokens first, as in HF), or -1 when it is not in the vocabulary. */
    public int tokenToId(String token) {
        Objects.requireNonNull(token, "token");
        for (AddedToken t : addedTokens) {
            if (t.content().equals(token)) {
                return t.id();
            }
        }
        return wordPiece.vocabulary().id(token);
    }

    /** The token of an id, or {@code null} when no token has it. */
    public String idToToken(int id) {
        return wordPiece.vocabulary().token(id);
    }

    public int unkId() {
        return wordPiece.unkId();
    }

    public int clsId() {
        return requiredId("[CLS]");
    }

    public int sepId() {
        return requiredId("[SEP]");
    }

    /** The padding id: the configured one when padding is on, else {@code [PAD]}'s. */
    public int padId() {
        return padding != null ? padding.padId() : requiredId("[PAD]");
    }

    public int maskId() {
        return requiredId("[MASK]");
    }

    private int requiredId(String token) {
        int id = wordPiece.vocabulary().id(token);
        if (id < 0) {
            throw new IllegalStateException("the vocabulary has no " + token + " token");
        }
        return id;
    }

    // ---------------------------------------------------------------- encoding

    /** Encodes one text with the template's special tokens, truncation and padding. */
    public Encoding encode(String text) {
        requireText(text, "text");
        Scratch s = SCRATCH.get();
        try {
            split(text, s, s.first);
            Encoding e = assemble(s.first, null);
            return padding == null ? e : e.pad(padding.targetLength(e.length()), padding);
        } finally {
            release(s);
        }
    }

    /** Encodes a pair (e.g. question and passage); offsets of the second part index into {@code second}. */
    public Encoding encode(String first, String second) {
        requireText(first, "first");
        requireText(second, "second");
        Scratch s = SCRATCH.get();
        try {
            split(first, s, s.first);
            split(second, s, s.second);
            Encoding e = assemble(s.first, s.second);
            return padding == null ? e : e.pad(padding.targetLength(e.length()), padding);
        } finally {
            release(s);
        }
    }

    /** Encodes each text; with padding to the longest, all results share the batch's longest length. */
    public List<Encoding> encodeBatch(List<String> texts) {
        Objects.requireNonNull(texts, "texts");
        List<Encoding> out = new ArrayList<>(texts.size());
        Scratch s = SCRATCH.get();
        try {
            for (int i = 0; i < texts.size(); i++) {
                String text = texts.get(i);
                requireText(text, "texts[" + i + "]");
                split(text, s, s.first);
                out.add(assemble(s.first, null));
            }
        } finally {
            release(s);
        }
        return padBatch(out);
    }

    /** Encodes pairs {@code (firsts[i], seconds[i])} as a batch. */
    public List<Encoding> encodePairBatch(List<String> firsts, List<String> seconds) {
        Objects.requireNonNull(firsts, "firsts");
        Objects.requireNonNull(seconds, "seconds");
        if (firsts.size() != seconds.size()) {
            throw new IllegalArgumentException("pair batch has " + firsts.size() + " first texts but "
                    + seconds.size() + " second texts");
        }
        List<Encoding> out = new ArrayList<>(firsts.size());
        Scratch s = SCRATCH.get();
        try {
            for (int i = 0; i < firsts.size(); i++) {
                requireText(firsts.get(i), "firsts[" + i + "]");
                requireText(seconds.get(i), "seconds[" + i + "]");
                split(firsts.get(i), s, s.first);
                split(seconds.get(i), s, s.second);
                out.add(assemble(s.first, s.second));
            }
        } finally {
            release(s);
        }
        return padBatch(out);
    }

    private List<Encoding> padBatch(List<Encoding> encodings) {
        if (padding == null || encodings.isEmpty()) {
            return encodings;
        }
        int longest = 0;
        for (Encoding e : encodings) {
            longest = Math.max(longest, e.length());
        }
        int target = padding.targetLength(longest);
        encodings.replaceAll(e -> e.pad(target, padding));
        return encodings;
    }

    private static void requireText(String text, String name) {
        if (text == null) {
            throw new NullPointerException(name + " must not be null");
        }
    }

    private static void release(Scratch s) {
        // A huge input grew the buffers; do not pin that memory to the thread.
        if (s.first.ids.length > MAX_RETAINED_SCRATCH || s.second.ids.length > MAX_RETAINED_SCRATCH
                || s.word.length > MAX_RETAINED_SCRATCH) {
            SCRATCH.remove();
        }
    }

    /** Added-token split, normalisation, pre-tokenization and WordPiece in one pass over the text. */
    private void split(String text, Scratch s, Scratch.Tokens out) {
        out.clear();
        s.clearWord();
        final BertNormalizer norm = normalizer;
        final AddedTokenMatcher added = addedTokenMatcher;
        final int limit = wordPiece.maxInputCharsPerWord();
        final int n = text.length();
        int i = 0;
        while (i < n) {
            char c = text.charAt(i);
            if (added != null && added.mayStartWith(c)) {
                AddedToken t = added.match(text, i);
                if (t != null) {
                    endWord(s, out);
                    int end = i + t.content().length();
                    out.add(t.id(), i, end);
                    i = end;
                    continue;
                }
            }
            int cp = c;
            int next = i + 1;
            if (Character.isSurrogate(c)) {
                if (Character.isHighSurrogate(c) && next < n && Character.isLowSurrogate(text.charAt(next))) {
                    cp = Character.toCodePoint(c, text.charAt(next));
                    next++;
                } else {
                    cp = 0xFFFD;
                }
            }
            switch (norm.kind(cp)) {
                case BertNormalizer.WORD -> s.appendToWord(norm.mapped(cp), i, next, limit);
                case BertNormalizer.SPACE -> endWord(s, out);
                case BertNormalizer.ISOLATED -> {
                    endWord(s, out);
                    s.appendToWord(norm.mapped(cp), i, next, limit);
                    endWord(s, out);
                }
                case BertNormalizer.DROP -> { }
                case BertNormalizer.COMPLEX -> appendComplex(norm.complex(cp), i, next, s, out, limit);
                default -> {
                    endWord(s, out);
                    appendComplex(norm.complex(cp), i, next, s, out, limit);
                    endWord(s, out);
                }
            }
            i = next;
        }
        endWord(s, out);
    }

    private void appendComplex(int[] chars, int from, int to, Scratch s, Scratch.Tokens out, int limit) {
        for (int c : chars) {
            if (BertCharacters.isWhitespace(c)) {
                endWord(s, out);
            } else if (BertCharacters.isPunctuation(c)) {
                endWord(s, out);
                s.appendToWord(c, from, to, limit);
                endWord(s, out);
            } else {
                s.appendToWord(c, from, to, limit);
            }
        }
    }

    private void endWord(Scratch s, Scratch.Tokens out) {
        if (s.wordCodePoints > 0) {
            wordPiece.tokenize(s, out);
            s.clearWord();
        }
    }

    /** Truncation then the template, as HF's post_process does before padding. */
    private Encoding assemble(Scratch.Tokens a, Scratch.Tokens b) {
        boolean pair = b != null;
        int na = a.size;
        int nb = pair ? b.size : 0;
        int keepA = na;
        int keepB = nb;
        if (truncation != null) {
            int added = template.addedTokens(pair);
            int max = truncation.maxLength() - added;
            if (max < 0) {
                throw new IllegalArgumentException("truncation maxLength " + truncation.maxLength()
                        + " is smaller than the " + added + " special tokens the template adds");
            }
            int[] kept = truncatedLengths(na, nb, pair, max);
            keepA = kept[0];
            keepB = kept[1];
        }
        boolean left = truncation != null && truncation.direction() == TruncationOptions.Direction.LEFT;
        int total = keepA + keepB + template.addedTokens(pair);
        int[] ids = new int[total];
        int[] types = new int[total];
        int[] mask = new int[total];
        String[] tokens = new String[total];
        int[] starts = new int[total];
        int[] ends = new int[total];
        Vocabulary vocab = wordPiece.vocabulary();
        int k = 0;
        for (TemplateProcessor.Piece p : template.pieces(pair)) {
            if (p.isSequence()) {
                Scratch.Tokens src = "A".equals(p.sequence()) ? a : b;
                int keep = "A".equals(p.sequence()) ? keepA : keepB;
                int from = left ? src.size - keep : 0;
                System.arraycopy(src.ids, from, ids, k, keep);
                System.arraycopy(src.starts, from, starts, k, keep);
                System.arraycopy(src.ends, from, ends, k, keep);
                for (int j = k; j < k + keep; j++) {
                    types[j] = p.typeId();
                    mask[j] = 1;
                    tokens[j] = vocab.token(ids[j]);
                }
                k += keep;
            } else {
                int[] pids = template.rawIds(p);
                String[] ptoks = template.rawTokens(p);
                for (int j = 0; j < pids.length; j++, k++) {
                    ids[k] = pids[j];
                    types[k] = p.typeId();
                    mask[k] = 1;
                    tokens[k] = ptoks[j];
                }
            }
        }
        return new Encoding(ids, types, mask, tokens, starts, ends);
    }

    /** HF's truncate_encodings: how many tokens of A and B survive a budget of {@code max} tokens. */
    private int[] truncatedLengths(int na, int nb, boolean pair, int max) {
        if (max == 0) {
            return new int[] {0, 0};
        }
        int total = na + nb;
        if (total <= max) {
            return new int[] {na, nb};
        }
        int toRemove = total - max;
        switch (truncation.strategy()) {
            case LONGEST_FIRST -> {
                if (!pair) {
                    return new int[] {total - toRemove, 0};
                }
                int n1 = na;
                int n2 = nb;
                boolean swap = false;
                if (n1 > n2) {
                    swap = true;
                    int t = n1;
                    n1 = n2;
                    n2 = t;
                }
                n2 = n1 > max ? n1 : Math.max(n1, max - n1);
                if (n1 + n2 > max) {
                    n1 = max / 2;
                    n2 = n1 + max % 2;
                }
                if (swap) {
                    int t = n1;
                    n1 = n2;
                    n2 = t;
                }
                return new int[] {Math.min(n1, na), Math.min(n2, nb)};
            }
            case ONLY_FIRST -> {
                if (na > toRemove) {
                    return new int[] {na - toRemove, nb};
                }
                throw new IllegalArgumentException("truncation only_first: the first sequence (" + na
                        + " tokens) is too short to remove " + toRemove + " tokens");
            }
            default -> {
                if (!pair) {
                    throw new IllegalArgumentException("truncation only_second needs a pair of texts");
                }
                if (nb > toRemove) {
                    return new int[] {na, nb - toRemove};
                }
                throw new IllegalArgumentException("truncation only_second: the second sequence (" + nb
                        + " tokens) is too short to remove " + toRemove + " tokens");
            }
        }
    }

    // ---------------------------------------------------------------- decoding

    /** Text of the ids without special tokens, joined and cleaned up like HF's WordPiece decoder. */
    public String decode(int[] ids) {
        return decode(ids, true);
    }

    /** Text of the ids; unknown ids are rejected. */
    public String decode(int[] ids, boolean skipSpecialTokens) {
        Objects.requireNonNull(ids, "ids");
        Vocabulary vocab = wordPiece.vocabulary();
        List<String> tokens = new ArrayList<>(ids.length);
        for (int i = 0; i < ids.length; i++) {
            String token = vocab.token(ids[i]);
            if (token == null) {
                throw new IllegalArgumentException("ids[" + i + "] = " + ids[i] + " is not a token id (vocabulary size "
                        + vocab.size() + ")");
            }
            if (skipSpecialTokens && specialTokens.contains(token)) {
                continue;
            }
            tokens.add(token);
        }
        return decoder == null ? String.join(" ", tokens) : decoder.decode(tokens);
    }
}
