package io.github.distilbertj.api.http;


import java.util.Map;

/** Route names used as the {@code route} metric tag, and which request paths they cover. */
public final class Routes {

    public static final String EMBED = "/embed";
    public static final String EMBED_ALL = "/embed_all";
    public static final String TOKENIZE = "/tokenize";
    public static final String DECODE = "/decode";
    public static final String PREDICT = "/predict";
    public static final String FILL_MASK = "/fill-mask";
    public static final String INFO = "/info";
    public static final String HEALTH = "/health";
    public static final String OPENAI_EMBEDDINGS = "/v1/embeddings";
    /** Any path that is not a route (404s), so the tag's values stay bounded. */
    public static final String UNKNOWN = "unknown";

    /** Tokenization runs on the HTTP request threads; TEI's Info field counts none of its own. */
    public static final int TOKENIZATION_WORKERS = 0;

    private static final Map<String, String> BY_PATH = Map.of(
            EMBED, EMBED, EMBED_ALL, EMBED_ALL, TOKENIZE, TOKENIZE, DECODE, DECODE, PREDICT, PREDICT,
            FILL_MASK, FILL_MASK, INFO, INFO, HEALTH, HEALTH, OPENAI_EMBEDDINGS, OPENAI_EMBEDDINGS,
            "/embeddings", OPENAI_EMBEDDINGS);

    private Routes() {
    }

    /** The route tag of a request path. */
    public static String of(String path) {
        return BY_PATH.getOrDefault(path, UNKNOWN);
    }

    /** Paths that work without the API key. */
    public static boolean isHealth(String path) {
        return HEALTH.equals(path) || "/actuator/health".equals(path) || path.startsWith("/actuator/health/");
    }
}
