package io.github.distilbertj.tokenizer;

import java.util.List;
import java.util.Objects;

/**
 * HF's {@code TemplateProcessing} post-processor: where special tokens go around sequence A (and B) and which
 * token type id each part gets. {@code BertProcessing} is the template {@code [CLS] A [SEP]} /
 * {@code [CLS] A [SEP] B:1 [SEP]:1}.
 */
public record TemplateProcessor(List<Piece> single, List<Piece> pair) {

    /**
     * One part of a template: either a sequence ({@code sequence} is "A" or "B", {@code ids} empty) or a special
     * token with its ids and token strings.
     */
    public record Piece(String sequence, int typeId, int[] ids, String[] tokens) {
        public Piece {
            if (sequence != null && !sequence.equals("A") && !sequence.equals("B")) {
                throw new TokenizerConfigException("template sequence must be A or B, not '" + sequence + "'");
            }
            Objects.requireNonNull(ids, "ids");
            Objects.requireNonNull(tokens, "tokens");
            if (ids.length != tokens.length) {
                throw new TokenizerConfigException("template special token has " + ids.length + " ids but "
                        + tokens.length + " tokens");
            }
            ids = ids.clone();
            tokens = tokens.clone();
        }

        public static Piece sequence(String name, int typeId) {
            return new Piece(name, typeId, new int[0], new String[0]);
        }

        public static Piece special(String token, int id, int typeId) {
            return new Piece(null, typeId, new int[] {id}, new String[] {token});
        }

        boolean isSequence() {
            return sequence != null;
        }

        @Override
        public int[] ids() {
            return ids.clone();
        }

        @Override
        public String[] tokens() {
            return tokens.clone();
        }
    }

    public TemplateProcessor {
        single = List.copyOf(single);
        pair = List.copyOf(pair);
        if (single.stream().anyMatch(p -> "B".equals(p.sequence()))) {
            throw new TokenizerConfigException("the single-sequence template must not use sequence B");
        }
        if (single.stream().noneMatch(p -> "A".equals(p.sequence()))) {
            throw new TokenizerConfigException("the single-sequence template must use sequence A");
        }
        if (pair.stream().filter(Piece::isSequence).count() != 2
                || pair.stream().noneMatch(p -> "A".equals(p.sequence()))
                || pair.stream().noneMatch(p -> "B".equals(p.sequence()))) {
            throw new TokenizerConfigException("the pair template must use sequences A and B once each");
        }
    }

    /** {@code [CLS] A [SEP]} and {@code [CLS] A [SEP] B [SEP]} with type id 1 on the second segment. */
    public static TemplateProcessor bert(String cls, int clsId, String sep, int sepId) {
        return new TemplateProcessor(
                List.of(Piece.special(cls, clsId, 0), Piece.sequence("A", 0), Piece.special(sep, sepId, 0)),
                List.of(Piece.special(cls, clsId, 0), Piece.sequence("A", 0), Piece.special(sep, sepId, 0),
                        Piece.sequence("B", 1), Piece.special(sep, sepId, 1)));
    }

    /** No special tokens: what a tokenizer.json without post-processor does. */
    public static TemplateProcessor none() {
        return new TemplateProcessor(List.of(Piece.sequence("A", 0)),
                List.of(Piece.sequence("A", 0), Piece.sequence("B", 1)));
    }

    /** Number of special tokens the template adds. */
    public int addedTokens(boolean isPair) {
        int n = 0;
        for (Piece p : isPair ? pair : single) {
            n += p.ids.length;
        }
        return n;
    }

    List<Piece> pieces(boolean isPair) {
        return isPair ? pair : single;
    }

    int[] rawIds(Piece p) {
        return p.ids;
    }

    String[] rawTokens(Piece p) {
        return p.tokens;
    }
}
