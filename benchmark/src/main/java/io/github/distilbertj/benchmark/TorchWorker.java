package io.github.distilbertj.benchmark;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The PyTorch contender: a long-lived {@code benchmark/python/torch_worker.py} process spoken to
 * with one JSON line per request and per answer, so PyTorch runs can be interleaved with the
 * in-process Java contenders. Timings are taken inside Python around the model call only.
 */
public final class TorchWorker implements AutoCloseable {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final Process process;
    private final BufferedWriter in;
    private final BufferedReader out;

    private TorchWorker(Process process) {
        this.process = process;
        this.in = new BufferedWriter(new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8));
        this.out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
    }

    /** Starts the worker with OMP_WAIT_POLICY=PASSIVE (idle OpenMP threads sleep instead of spinning). */
    public static TorchWorker start(String python, Path script) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(python, script.toString());
        pb.redirectError(ProcessBuilder.Redirect.INHERIT);
        Map<String, String> env = pb.environment();
        env.put("OMP_WAIT_POLICY", "PASSIVE");
        // Thread counts are set per measurement through the protocol, not inherited.
        env.remove("OMP_NUM_THREADS");
        env.remove("OPENBLAS_NUM_THREADS");
        // A shell may pin OpenBLAS to an older kernel (this machine's environment says Haswell, i.e.
        // AVX2 only); PyTorch gets OpenBLAS's own CPU detection, as on a user's machine.
        env.remove("OPENBLAS_CORETYPE");
        env.remove("OPENBLAS_L2_SIZE");
        return new TorchWorker(pb.start());
    }

    public synchronized JsonNode call(Map<String, ?> request) throws IOException {
        in.write(JSON.writeValueAsString(request));
        in.write('\n');
        in.flush();
        String line = out.readLine();
        if (line == null) {
            throw new IOException("the PyTorch worker exited (code " + exitCode() + "); see its stderr above");
        }
        JsonNode answer = JSON.readTree(line);
        if (answer.has("error")) {
            throw new IOException("PyTorch worker: " + answer.get("error").asString() + " (request " + request.get("cmd") + ")");
        }
        return answer;
    }

    private String exitCode() {
        try {
            return process.waitFor(5, TimeUnit.SECONDS) ? String.valueOf(process.exitValue()) : "still running";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "unknown";
        }
    }

    public JsonNode hello() throws IOException {
        return call(Map.of("cmd", "hello"));
    }

    public void load(Path folder) throws IOException {
        call(Map.of("cmd", "load", "folder", folder.toAbsolutePath().toString()));
    }

    public JsonNode threads(int n) throws IOException {
        return call(Map.of("cmd", "threads", "n", n));
    }

    public void putIds(String key, int[][] ids, int[][] mask) throws IOException {
        call(Map.of("cmd", "ids", "key", key, "ids", ids, "mask", mask));
    }

    public void putTexts(String key, List<String> texts) throws IOException {
        call(Map.of("cmd", "texts", "key", key, "texts", texts));
    }

    public int[][] tokenize(String key) throws IOException {
        JsonNode ids = call(Map.of("cmd", "tokenize", "key", key)).get("ids");
        int[][] result = new int[ids.size()][];
        for (int i = 0; i < ids.size(); i++) {
            JsonNode row = ids.get(i);
            result[i] = new int[row.size()];
            for (int j = 0; j < row.size(); j++) {
                result[i][j] = row.get(j).asInt();
            }
        }
        return result;
    }

    /** Runs {@code op} once on the stored input and returns Python's own timing in nanoseconds. */
    public long runOnce(String op, String key) throws IOException {
        return call(Map.of("cmd", "run", "op", op, "key", key, "n", 1)).get("ns").get(0).asLong();
    }

    /** One result as a flat float array with its shape. */
    public Tensor output(String op, String key) throws IOException {
        JsonNode answer = call(Map.of("cmd", "output", "op", op, "key", key));
        JsonNode shapeNode = answer.get("shape");
        int[] shape = new int[shapeNode.size()];
        for (int i = 0; i < shape.length; i++) {
            shape[i] = shapeNode.get(i).asInt();
        }
        ByteBuffer bytes = ByteBuffer.wrap(Base64.getDecoder().decode(answer.get("data").asString()))
                .order(ByteOrder.LITTLE_ENDIAN);
        float[] data = new float[bytes.remaining() / Float.BYTES];
        bytes.asFloatBuffer().get(data);
        return new Tensor(shape, data);
    }

    /** A row-major float tensor. */
    public record Tensor(int[] shape, float[] data) {
    }

    @Override
    public void close() {
        try {
            call(Map.of("cmd", "quit"));
        } catch (IOException ignored) {
            // quit gets no answer: the worker leaves its loop and exits
        }
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroy();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroy();
        }
    }
}
