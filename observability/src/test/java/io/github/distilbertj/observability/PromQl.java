package io.github.distilbertj.observability;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The instant and range vector selectors of a PromQL expression, found by a small lexer: enough to
 * tell metric names from functions, aggregations, keywords, grouping labels, strings and durations.
 * Prometheus itself parses every expression in {@link PrometheusIntegrationTest}; this class only
 * has to find which metrics an expression reads, without a Prometheus at hand.
 */
final class PromQl {

    /** A vector selector: the metric name and the label names its matchers use. */
    record Selector(String metric, Set<String> labels) {
    }

    private static final Set<String> AGGREGATIONS = Set.of("sum", "min", "max", "avg", "group", "stddev",
            "stdvar", "count", "count_values", "bottomk", "topk", "quantile", "limitk", "limit_ratio");
    /** Keywords followed by a parenthesised list of label names, never of expressions. */
    private static final Set<String> LABEL_LIST_KEYWORDS = Set.of("by", "without", "on", "ignoring",
            "group_left", "group_right");
    private static final Set<String> KEYWORDS = Set.of("bool", "offset", "and", "or", "unless", "atan2",
            "inf", "nan");

    private final String s;
    private int i;
    private final List<Selector> selectors = new ArrayList<>();

    private PromQl(String expression) {
        this.s = expression;
    }

    static List<Selector> selectors(String expression) {
        PromQl lexer = new PromQl(expression);
        lexer.scan();
        return List.copyOf(lexer.selectors);
    }

    static Set<String> metricNames(String expression) {
        Set<String> names = new LinkedHashSet<>();
        for (Selector sel : selectors(expression)) {
            names.add(sel.metric());
        }
        return names;
    }

    private void scan() {
        while (i < s.length()) {
            char c = s.charAt(i);
            if (Character.isWhitespace(c)) {
                i++;
            } else if (c == '"' || c == '\'' || c == '`') {
                skipString();
            } else if (c == '#') {
                while (i < s.length() && s.charAt(i) != '\n') {
                    i++;
                }
            } else if (c == '[') {
                skipPast(']');
            } else if (c == '{') {
                Selector bare = matchers(null);
                if (bare.metric() == null) {
                    throw new IllegalArgumentException("selector without a metric name in: " + s);
                }
                selectors.add(bare);
            } else if (Character.isDigit(c) || (c == '.' && i + 1 < s.length() && Character.isDigit(s.charAt(i + 1)))) {
                while (i < s.length() && (Character.isLetterOrDigit(s.charAt(i)) || s.charAt(i) == '.')) {
                    i++;
                }
            } else if (isIdentifierStart(c)) {
                identifier();
            } else {
                i++;
            }
        }
    }

    private void identifier() {
        int start = i;
        while (i < s.length() && isIdentifierPart(s.charAt(i))) {
            i++;
        }
        String word = s.substring(start, i);
        int next = skipSpaces(i);
        char after = next < s.length() ? s.charAt(next) : '\0';
        if (LABEL_LIST_KEYWORDS.contains(word)) {
            if (after == '(') {
                i = next;
                skipPast(')');
            }
            return;
        }
        if (KEYWORDS.contains(word)) {
            return;
        }
        if (after == '(') {
            return; // a function or an aggregation
        }
        if (AGGREGATIONS.contains(word) && (startsWithWord(next, "by") || startsWithWord(next, "without"))) {
            return;
        }
        if (after == '{') {
            i = next;
            selectors.add(matchers(word));
        } else {
            selectors.add(new Selector(word, Set.of()));
        }
    }

    /** Reads {@code {name op "value", ...}} at {@code i}; {@code __name__="x"} names the metric. */
    private Selector matchers(String metric) {
        i++; // '{'
        Set<String> labels = new LinkedHashSet<>();
        String name = metric;
        while (true) {
            i = skipSpaces(i);
            if (i >= s.length()) {
                throw new IllegalArgumentException("unclosed '{' in: " + s);
            }
            char c = s.charAt(i);
            if (c == '}') {
                i++;
                break;
            }
            if (c == ',') {
                i++;
                continue;
            }
            int start = i;
            while (i < s.length() && isIdentifierPart(s.charAt(i))) {
                i++;
            }
            String label = s.substring(start, i);
            if (label.isEmpty()) {
                throw new IllegalArgumentException("bad label matcher at " + start + " in: " + s);
            }
            i = skipSpaces(i);
            int opStart = i;
            while (i < s.length() && "=!~".indexOf(s.charAt(i)) >= 0) {
                i++;
            }
            String op = s.substring(opStart, i);
            i = skipSpaces(i);
            int valueStart = i;
            skipString();
            String value = s.substring(valueStart + 1, i - 1);
            if (label.equals("__name__") && op.equals("=")) {
                name = value;
            } else {
                labels.add(label);
            }
        }
        return new Selector(name, Set.copyOf(labels));
    }

    private void skipString() {
        char quote = s.charAt(i);
        if (quote != '"' && quote != '\'' && quote != '`') {
            throw new IllegalArgumentException("expected a string at " + i + " in: " + s);
        }
        i++;
        while (i < s.length() && s.charAt(i) != quote) {
            i += (s.charAt(i) == '\\' && quote != '`') ? 2 : 1;
        }
        if (i >= s.length()) {
            throw new IllegalArgumentException("unclosed string in: " + s);
        }
        i++;
    }

    private void skipPast(char close) {
        int end = s.indexOf(close, i);
        if (end < 0) {
            throw new IllegalArgumentException("missing '" + close + "' in: " + s);
        }
        i = end + 1;
    }

    private int skipSpaces(int from) {
        int j = from;
        while (j < s.length() && Character.isWhitespace(s.charAt(j))) {
            j++;
        }
        return j;
    }

    private boolean startsWithWord(int at, String word) {
        int end = at + word.length();
        return s.startsWith(word, at) && (end >= s.length() || !isIdentifierPart(s.charAt(end)));
    }

    private static boolean isIdentifierStart(char c) {
        return Character.isLetter(c) || c == '_' || c == ':';
    }

    private static boolean isIdentifierPart(char c) {
        return Character.isLetterOrDigit(c) || c == '_' || c == ':';
    }
}
