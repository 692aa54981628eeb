package io.github.distilbertj.api.reliability;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * One HTTP/1.1 connection on a plain socket, kept alive between requests: what the reliability
 * tests need and a JDK client hides (the bytes sent as they are, whether the connection was fresh
 * or reused, whether an answer came at all, the server's {@code Connection: close}); also the client of
 * {@code api.bench.RawLatencyProbe}, which must add almost nothing to what it times.
 */
public final class RawHttp implements AutoCloseable {

    /** An answer: status, headers (lower-case names) and body. */
    public record Answer(int status, Map<String, String> headers, byte[] body) {
        public String text() {
            return new String(body, StandardCharsets.UTF_8);
        }

        String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }

        public boolean closes() {
            return "close".equalsIgnoreCase(header("connection"));
        }
    }

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;
    private int answered;

    public RawHttp(int port, int timeoutMillis) throws IOException {
        socket = new Socket();
        socket.setTcpNoDelay(true);
        socket.setSoTimeout(timeoutMillis);
        socket.connect(new InetSocketAddress("127.0.0.1", port), timeoutMillis);
        in = new java.io.BufferedInputStream(socket.getInputStream(), 65536);
        out = socket.getOutputStream();
    }

    /** Answers read on this connection so far (0 = fresh). */
    int answered() {
        return answered;
    }

    static byte[] request(String method, String path, String contentType, byte[] body) {
        StringBuilder head = new StringBuilder(method).append(' ').append(path).append(" HTTP/1.1\r\nHost: 127.0.0.1\r\n");
        if (body != null) {
            head.append("Content-Type: ").append(contentType).append("\r\nContent-Length: ").append(body.length).append("\r\n");
        }
        head.append("\r\n");
        byte[] h = head.toString().getBytes(StandardCharsets.ISO_8859_1);
        if (body == null) {
            return h;
        }
        byte[] all = new byte[h.length + body.length];
        System.arraycopy(h, 0, all, 0, h.length);
        System.arraycopy(body, 0, all, h.length, body.length);
        return all;
    }

    public static byte[] postJson(String path, String json) {
        return request("POST", path, "application/json", json.getBytes(StandardCharsets.UTF_8));
    }

    /** Sends raw bytes (a whole request, well-formed or not). */
    void send(byte[] raw) throws IOException {
        out.write(raw);
        out.flush();
    }

    /** Reads one answer; EOFException if the server closed the connection without one. */
    Answer read() throws IOException {
        String statusLine = line();
        if (statusLine == null) {
            throw new EOFException("connection closed before an answer");
        }
        String[] parts = statusLine.split(" ", 3);
        int status = Integer.parseInt(parts[1]);
        Map<String, String> headers = new LinkedHashMap<>();
        for (String l = line(); l != null && !l.isEmpty(); l = line()) {
            int colon = l.indexOf(':');
            headers.put(l.substring(0, colon).trim().toLowerCase(Locale.ROOT), l.substring(colon + 1).trim());
        }
        byte[] body;
        if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
            ByteArrayOutputStream b = new ByteArrayOutputStream();
            while (true) {
                int size = Integer.parseInt(line().split(";")[0].trim(), 16);
                if (size == 0) {
                    while (!line().isEmpty()) {
                        // trailers
                    }
                    break;
                }
                b.write(in.readNBytes(size));
                line();
            }
            body = b.toByteArray();
        } else if (headers.containsKey("content-length")) {
            int n = Integer.parseInt(headers.get("content-length"));
            body = in.readNBytes(n);
            if (body.length < n) {
                throw new EOFException("answer cut short");
            }
        } else {
            body = in.readAllBytes();
        }
        answered++;
        return new Answer(status, headers, body);
    }

    public Answer exchange(byte[] raw) throws IOException {
        send(raw);
        return read();
    }

    private String line() throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream(64);
        int c;
        while ((c = in.read()) >= 0) {
            if (c == '\n') {
                byte[] bytes = b.toByteArray();
                int n = bytes.length > 0 && bytes[bytes.length - 1] == '\r' ? bytes.length - 1 : bytes.length;
                return new String(bytes, 0, n, StandardCharsets.ISO_8859_1);
            }
            b.write(c);
        }
        return b.size() == 0 ? null : b.toString(StandardCharsets.ISO_8859_1);
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
