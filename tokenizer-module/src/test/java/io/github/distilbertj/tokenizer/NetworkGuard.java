package io.github.distilbertj.tokenizer;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.ProxySelector;
import java.net.Socket;
import java.net.SocketAddress;
import java.net.SocketImpl;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Records, and stops before any packet leaves, every outgoing connection a JVM attempts, so a
 * test can prove the oracles (ONNX Runtime, DJL, LangChain4j) stay offline. JDK 25 has neither
 * a Security Manager nor a JFR socket-connect event, so three layers are combined:
 * <ul>
 *   <li>the default {@link ProxySelector}: HttpURLConnection and HttpClient ask it about every URL
 *       first. It records the URL and, for a non-loopback host, answers with a proxy on a closed
 *       loopback port, so even NIO-based clients (HttpClient) can only reach 127.0.0.1;</li>
 *   <li>a {@link Socket#setSocketImplFactory socket factory} whose sockets record the address and
 *       refuse to connect (covers java.net.Socket and HttpURLConnection);</li>
 *   <li>a sampler of {@code /proc/self/fd} + {@code /proc/self/net/tcp*} every millisecond for TCP
 *       sockets of this process with a non-loopback peer, which also sees native code (ORT's C++,
 *       DJL's Rust tokenizer) and NIO channels while they are open.</li>
 * </ul>
 * Installing is irreversible (the socket factory can be set once per JVM): use a dedicated JVM.
 */
public final class NetworkGuard {

    private static final List<String> ATTEMPTS = new CopyOnWriteArrayList<>();
    private static final Proxy BLACK_HOLE = new Proxy(Proxy.Type.HTTP, new InetSocketAddress(InetAddress.getLoopbackAddress(), 9));
    private static volatile boolean sampling;
    private static Thread sampler;

    private NetworkGuard() {
    }

    // The socket-factory hook is deprecated, but it is still the one JDK 25 hook on java.net.Socket.
    @SuppressWarnings("deprecation")
    public static void install() throws IOException {
        ProxySelector.setDefault(new RecordingProxySelector());
        Socket.setSocketImplFactory(RefusingSocketImpl::new);
        sampling = true;
        sampler = Thread.ofPlatform().daemon().name("network-guard-sampler").start(() -> {
            while (sampling) {
                try {
                    for (String s : openNonLoopbackTcpSockets()) {
                        if (!ATTEMPTS.contains("proc: " + s)) {
                            ATTEMPTS.add("proc: " + s);
                        }
                    }
                    Thread.sleep(1);
                } catch (IOException | InterruptedException e) {
                    return;
                }
            }
        });
    }

    public static void stopSampling() throws InterruptedException {
        sampling = false;
        sampler.join();
    }

    /** Every non-loopback attempt seen so far ("layer: target"). */
    public static List<String> attempts() {
        return List.copyOf(ATTEMPTS);
    }

    public static void clear() {
        ATTEMPTS.clear();
    }

    private static void record(String layer, String target, boolean loopback) {
        if (!loopback) {
            ATTEMPTS.add(layer + ": " + target);
        }
    }

    public static boolean isLoopback(String host) {
        if (host == null || host.isEmpty()) {
            return false;
        }
        String h = host.startsWith("[") ? host.substring(1, host.length() - 1) : host;
        if (h.equalsIgnoreCase("localhost")) {
            return true;
        }
        try {
            // Literals only: resolving a name would be network traffic itself.
            if (Character.digit(h.charAt(0), 16) >= 0 || h.contains(":")) {
                return InetAddress.ofLiteral(h).isLoopbackAddress();
            }
        } catch (IllegalArgumentException notLiteral) {
            return false;
        }
        return false;
    }

    /** TCP sockets of this process whose peer is neither loopback nor unset (Linux /proc). */
    public static List<String> openNonLoopbackTcpSockets() throws IOException {
        Path fds = Path.of("/proc/self/fd");
        List<String> out = new ArrayList<>();
        if (!Files.isDirectory(fds)) {
            return out;
        }
        Set<String> inodes = new HashSet<>();
        try (var stream = Files.list(fds)) {
            for (Path fd : (Iterable<Path>) stream::iterator) {
                try {
                    String link = Files.readSymbolicLink(fd).toString();
                    if (link.startsWith("socket:[")) {
                        inodes.add(link.substring(8, link.length() - 1));
                    }
                } catch (IOException closedMeanwhile) {
                    // the descriptor went away while listing
                }
            }
        }
        if (inodes.isEmpty()) {
            return out;
        }
        for (String table : List.of("/proc/self/net/tcp", "/proc/self/net/tcp6", "/proc/self/net/udp", "/proc/self/net/udp6")) {
            Path p = Path.of(table);
            if (!Files.exists(p)) {
                continue;
            }
            List<String> lines = Files.readAllLines(p);
            for (String line : lines.subList(1, lines.size())) {
                String[] f = line.trim().split("\\s+");
                if (f.length > 9 && inodes.contains(f[9]) && !loopbackOrUnset(f[2])) {
                    out.add(table + " remote " + f[2]);
                }
            }
        }
        return out;
    }

    private static boolean loopbackOrUnset(String hexAddressPort) {
        String hex = hexAddressPort.substring(0, hexAddressPort.indexOf(':'));
        if (hex.chars().allMatch(c -> c == '0')) {
            return true;
        }
        if (hex.length() == 8) {
            return hex.endsWith("7F");
        }
        return hex.equals("00000000000000000000000001000000")
                || (hex.startsWith("0000000000000000FFFF0000") && hex.endsWith("7F"));
    }

    private static final class RecordingProxySelector extends ProxySelector {
        @Override
        public List<Proxy> select(URI uri) {
            boolean loopback = isLoopback(uri.getHost());
            record("url", uri.toString(), loopback);
            return List.of(loopback ? Proxy.NO_PROXY : BLACK_HOLE);
        }

        @Override
        public void connectFailed(URI uri, SocketAddress sa, IOException ioe) {
        }
    }

    /** A socket that records where it was asked to connect and refuses: nothing is sent. */
    private static final class RefusingSocketImpl extends SocketImpl {
        @Override
        protected void create(boolean stream) {
        }

        @Override
        protected void connect(String host, int port) throws IOException {
            refuse(host + ":" + port, isLoopback(host));
        }

        @Override
        protected void connect(InetAddress address, int port) throws IOException {
            refuse(address + ":" + port, address.isLoopbackAddress());
        }

        @Override
        protected void connect(SocketAddress address, int timeout) throws IOException {
            boolean loopback = address instanceof InetSocketAddress isa
                    && (isa.getAddress() != null ? isa.getAddress().isLoopbackAddress() : isLoopback(isa.getHostString()));
            refuse(String.valueOf(address), loopback);
        }

        private static void refuse(String target, boolean loopback) throws IOException {
            record("socket", target, loopback);
            throw new ConnectException("connection to " + target + " refused by NetworkGuard");
        }

        @Override
        protected void bind(InetAddress host, int port) throws IOException {
            throw new IOException("bind refused by NetworkGuard");
        }

        @Override
        protected void listen(int backlog) throws IOException {
            throw new IOException("listen refused by NetworkGuard");
        }

        @Override
        protected void accept(SocketImpl s) throws IOException {
            throw new IOException("accept refused by NetworkGuard");
        }

        @Override
        protected InputStream getInputStream() throws IOException {
            throw new IOException("not connected");
        }

        @Override
        protected OutputStream getOutputStream() throws IOException {
            throw new IOException("not connected");
        }

        @Override
        protected int available() {
            return 0;
        }

        @Override
        protected void close() {
        }

        @Override
        protected void sendUrgentData(int data) throws IOException {
            throw new IOException("not connected");
        }

        @Override
        public void setOption(int optID, Object value) {
        }

        @Override
        public Object getOption(int optID) {
            return null;
        }
    }
}
