package io.github.distilbertj.spark;

import io.github.distilbertj.model.Encoder;
import io.github.distilbertj.tokenizer.BertTokenizer;
import org.apache.spark.SparkConf;
import org.apache.spark.SparkEnv;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The encoders of this executor JVM: one per (model, threads), loaded by the first task that needs
 * it, shared by every later task and stage, closed when the JVM exits.
 *
 * <p>Static on purpose: Spark gives tasks no executor-scoped object to hang state on, and loading
 * per task or partition costs 1-3 s and a full copy of the weights each time. The map is the only
 * mutable state, and only ever grows by whole, loaded encoders.
 */
final class ExecutorEncoders {

    private static final Logger LOG = LoggerFactory.getLogger(ExecutorEncoders.class);
    private static final Pattern LOCAL_MASTER = Pattern.compile("local\\[(\\*|\\d+)(?:,\\d+)?]");   // local[N] and local[N,maxFailures]
    private static final Map<Key, LoadedModel> LOADED = new ConcurrentHashMap<>();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(ExecutorEncoders::closeAll, "distilbertj-encoders-close"));
    }

    private ExecutorEncoders() {
    }

    /** An encoder with its length probe: a tokenizer that stops one token past the model's limit. */
    record LoadedModel(Encoder encoder, BertTokenizer lengthProbe, int maxTokens) {

        boolean truncates(String text) {
            return lengthProbe.encode(text).length() > maxTokens;
        }
    }

    private record Key(ModelReference model, int threads) {
    }

    static LoadedModel get(ModelReference model, int threads) {
        int resolved = threads > 0 ? threads : executorCores();
        return LOADED.computeIfAbsent(new Key(model, resolved), key -> {
            long start = System.nanoTime();
            Encoder encoder = key.model().load(key.threads());
            int max = encoder.config().maxPositions();
            LOG.info("DistilBERT-J: loaded model '{}' with {} kernel threads in {} ms", key.model(), key.threads(),
                    (System.nanoTime() - start) / 1_000_000);
            return new LoadedModel(encoder, encoder.tokenizer().withTruncation(max + 1), max);
        });
    }

    /**
     * The cores this executor runs tasks on: spark.executor.cores when set, else N of a
     * {@code local[N]} master (the driver is the executor), else all the JVM sees.
     */
    static int executorCores() {
        SparkEnv env = SparkEnv.get();
        int available = Runtime.getRuntime().availableProcessors();
        if (env == null) {
            return available;
        }
        SparkConf conf = env.conf();
        if (conf.contains("spark.executor.cores")) {
            return Math.max(1, conf.getInt("spark.executor.cores", 1));
        }
        Matcher local = LOCAL_MASTER.matcher(conf.get("spark.master", ""));
        if (local.matches()) {
            return local.group(1).equals("*") ? available : Math.max(1, Integer.parseInt(local.group(1)));
        }
        if (conf.get("spark.master", "").equals("local")) {
            return 1;
        }
        return available;
    }

    private static void closeAll() {
        for (LoadedModel m : LOADED.values()) {
            m.encoder().close();
        }
        LOADED.clear();
    }
}
