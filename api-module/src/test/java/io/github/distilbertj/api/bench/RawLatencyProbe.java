package io.github.distilbertj.api.bench;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Latency probe (not a test): sequential POSTs of one short sentence over one keep-alive socket per server, written
 * and read by hand, so the client adds almost nothing (Java's HttpClient adds ~1.2 ms a call on the 2-core VM, its
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
        byte[] body = ("{\"inputs\": \"" + SENTENCE + "\"}").getBytes(StandardCharsets.UTF_8);
        byte[] request = ("POST " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                + "Content-Length: " + body.length + "\r\n\r\n" + new String(body, StandardCharsets.UTF_8))
                .getBytes(StandardCharsets.UTF_8);
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

    /** One keep-alive connection; reopened when the server closes it (Tomcat does every 100 requests). */
    private static final class Connection {
        final int port;
        Socket socket;
        OutputStream out;
        InputStream in;

        Connection(int port) throws IOException {
            this.port = port;
            open();
        }

        void open() throws IOException {
            if (socket != null) {
                socket.close();
            }
            socket = new Socket("127.0.0.1", port);
            socket.setTcpNoDelay(true);
            out = socket.getOutputStream();
            in = new BufferedInputStream(socket.getInputStream(), 1 << 16);
        }

        void call(byte[] request) throws IOException {
            out.write(request);
            out.flush();
            String status = line();
            if (status.isEmpty()) {
                open();
                out.write(request);
                out.flush();
                status = line();
            }
            if (!status.contains(" 200")) {
                throw new IllegalStateException("port " + port + " answered: " + status);
            }
            int length = -1;
            boolean chunked = false;
            for (String h = line(); !h.isEmpty(); h = line()) {
                String l = h.toLowerCase(java.util.Locale.ROOT);
                if (l.startsWith("content-length:")) {
                    length = Integer.parseInt(l.substring(15).trim());
                } else if (l.startsWith("transfer-encoding:") && l.contains("chunked")) {
                    chunked = true;
                }
            }
            if (!chunked) {
                in.readNBytes(length);
                return;
            }
            for (int size = Integer.parseInt(line().trim(), 16); ; size = Integer.parseInt(line().trim(), 16)) {
                in.readNBytes(size);
                line();
                if (size == 0) {
                    return;
                }
            }
        }

        private String line() throws IOException {
            StringBuilder sb = new StringBuilder();
            for (int c = in.read(); c != -1 && c != '\n'; c = in.read()) {
                if (c != '\r') {
                    sb.append((char) c);
                }
            }
            return sb.toString();
        }
    }
}
