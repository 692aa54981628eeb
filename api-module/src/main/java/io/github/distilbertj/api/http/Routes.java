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
    public static final String RERANK = "/rerank";
    public static final String SIMILARITY = "/similarity";
    public static final String EMBED_SPARSE = "/embed_sparse";
    public static final String METRICS = "/metrics";
    /** TEI's default route: POST runs the model's task, GET is health. */
    public static final String ROOT = "/";
    /** SageMaker's name for the default route. */
    public static final String INVOCATIONS = "/invocations";
    public static final String PING = "/ping";
    /** Any path that is not a route (404s), so the tag's values stay bounded. */
    public static final String UNKNOWN = "unknown";

    /** Tokenization runs on the HTTP request threads; TEI's Info field counts none of its own. */
    public static final int TOKENIZATION_WORKERS = 0;

    private static final Map<String, String> BY_PATH = Map.ofEntries(
            Map.entry(EMBED, EMBED), Map.entry(EMBED_ALL, EMBED_ALL), Map.entry(TOKENIZE, TOKENIZE),
            Map.entry(DECODE, DECODE), Map.entry(PREDICT, PREDICT), Map.entry(FILL_MASK, FILL_MASK),
            Map.entry(INFO, INFO), Map.entry(HEALTH, HEALTH), Map.entry(OPENAI_EMBEDDINGS, OPENAI_EMBEDDINGS),
            Map.entry("/embeddings", OPENAI_EMBEDDINGS), Map.entry(RERANK, RERANK), Map.entry(SIMILARITY, SIMILARITY),
            Map.entry(EMBED_SPARSE, EMBED_SPARSE), Map.entry(METRICS, METRICS), Map.entry(ROOT, ROOT),
            Map.entry(INVOCATIONS, INVOCATIONS), Map.entry(PING, PING));

    private Routes() {
    }

    /** The route tag of a request path. */
    public static String of(String path) {
        return BY_PATH.getOrDefault(path, UNKNOWN);
    }

    /** Paths that work without the API key. */
    public static boolean isHealth(String path) {
        return HEALTH.equals(path) || PING.equals(path) || "/actuator/health".equals(path) || path.startsWith("/actuator/health/");
    }
}
