package io.github.distilbertj.api.bench;

import io.github.distilbertj.api.reliability.RawHttp;

import java.io.EOFException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Latency probe (not a test): sequential POSTs of one short sentence over one keep-alive socket per server
 * ({@link RawHttp}), so the client adds almost nothing (Java's HttpClient adds ~1.2 ms a call on the 2-core VM, its
 * selector thread and hand-offs). Several servers (e.g. two builds) are measured in alternating blocks, which keeps
 * the machine's drift out of their difference. Prints the median and p10/p90 per server.
 * {@code RawLatencyProbe PATH BLOCK ROUNDS PORT...}, e.g. {@code /embed 30 40 18011 18012}.
 * Compare with model-module's EmbedProbe / the in-process embed of the same sentence.
 */
public final class RawLatencyProbe {
    static final String SENTENCE = "The quick brown fox jumps over the lazy dog near the river bank today.";

    private RawLatencyProbe() {
    }

    public static void main(String[] args) throws Exception {
        String path = args[0];
        int block = Integer.parseInt(args[1]);
        int rounds = Integer.parseInt(args[2]);
        byte[] request = RawHttp.postJson(path, "{\"inputs\": \"" + SENTENCE + "\"}");
        int n = args.length - 3;
        Connection[] servers = new Connection[n];
        List<List<Double>> ms = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            servers[i] = new Connection(Integer.parseInt(args[3 + i]));
            ms.add(new ArrayList<>());
            for (int w = 0; w < 200; w++) {
                servers[i].call(request);
            }
        }
        for (int r = 0; r < rounds; r++) {
            for (int i = 0; i < n; i++) {
                Thread.sleep(200);
                for (int k = 0; k < block; k++) {
                    long t0 = System.nanoTime();
                    servers[i].call(request);
                    ms.get(i).add((System.nanoTime() - t0) / 1e6);
                }
            }
        }
        for (int i = 0; i < n; i++) {
            double[] v = ms.get(i).stream().mapToDouble(Double::doubleValue).sorted().toArray();
            System.out.printf("port %d %s: %d calls in blocks of %d, median %.3f ms, p10 %.3f, p90 %.3f%n",
                    servers[i].port, path, v.length, block, v[v.length / 2], v[v.length / 10], v[v.length * 9 / 10]);
        }
    }

    /** One server's keep-alive connection, reopened when the server closes it (Tomcat does every 100 requests). */
    private static final class Connection {
        final int port;
        RawHttp http;

        Connection(int port) throws IOException {
            this.port = port;
            this.http = new RawHttp(port, 60_000);
        }

        void call(byte[] request) throws IOException {
            RawHttp.Answer answer;
            try {
                answer = http.exchange(request);
            } catch (EOFException closed) {
                reopen();
                answer = http.exchange(request);
            }
            if (answer.status() != 200) {
                throw new IllegalStateException("port " + port + " answered " + answer.status() + ": " + answer.text());
            }
            if (answer.closes()) {
                reopen();
            }
        }

        private void reopen() throws IOException {
            http.close();
            http = new RawHttp(port, 60_000);
        }
    }
}
