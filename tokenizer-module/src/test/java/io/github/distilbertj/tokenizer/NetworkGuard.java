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
 * Records, and refuses, every outgoing connection a JVM attempts, so a test can prove a library stays offline.
 *
 * <p>JDK 25 has no Security Manager and no JFR connect event, so three layers are combined:
 * <ul>
 *   <li>a default {@link ProxySelector}: {@code HttpURLConnection} and {@code HttpClient} ask it about every URL
 *       before connecting, so it sees each attempt with its host;</li>
 *   <li>a {@link Socket#setSocketImplFactory socket implementation factory} whose sockets record the address and
 *       refuse to connect, so no packet leaves the process through {@code java.net.Socket} (DJL's telemetry uses
 *       {@code HttpURLConnection}, which connects through it);</li>
 *   <li>a scan of {@code /proc/self/net/tcp*} for TCP sockets of this process with a non-loopback peer, which
 *       also covers native code and NIO channels that are still open.</li>
 * </ul>
 * Installing it is irreversible for the JVM (the socket factory can be set once), so it is meant for a dedicated
 * child JVM.
 */
final class NetworkGuard {

    private static final List<String> ATTEMPTS = new CopyOnWriteArrayList<>();

    private NetworkGuard() {
    }

    // Deprecated since JDK 17 but still the only hook into every java.net.Socket of the JVM.
    @SuppressWarnings("deprecation")
    static void install() throws IOException {
        ProxySelector.setDefault(new RecordingProxySelector());
        Socket.setSocketImplFactory(RefusingSocketImpl::new);
    }

    /** Every attempt seen so far, loopback ones included, as "layer: target". */
    static List<String> attempts() {
        return List.copyOf(ATTEMPTS);
    }

    /** The attempts whose target is not loopback. */
    static List<String> nonLoopbackAttempts() {
        List<String> out = new ArrayList<>();
        for (String a : ATTEMPTS) {
            if (!a.endsWith(" loopback")) {
                out.add(a);
            }
        }
        return out;
    }

    static void clear() {
        ATTEMPTS.clear();
    }

    private static void record(String layer, String target, boolean loopback) {
        ATTEMPTS.add(layer + ": " + target + (loopback ? " loopback" : ""));
    }

    static boolean isLoopback(String host) {
        if (host == null) {
            return false;
        }
        String h = host.startsWith("[") ? host.substring(1, host.length() - 1) : host;
        if (h.equalsIgnoreCase("localhost")) {
            return true;
        }
        try {
            // Only literal addresses are parsed here; a name is never resolved (that would be traffic too).
            if (Character.digit(h.charAt(0), 16) >= 0 || h.contains(":")) {
                return InetAddress.ofLiteral(h).isLoopbackAddress();
            }
        } catch (IllegalArgumentException notLiteral) {
            return false;
        }
        return false;
    }

    /** TCP sockets held by this process whose remote address is not loopback, from /proc (Linux). */
    static List<String> openNonLoopbackTcpSockets() throws IOException {
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
                } catch (IOException vanished) {
                    // The descriptor closed while listing.
                }
            }
        }
        for (String table : List.of("/proc/self/net/tcp", "/proc/self/net/tcp6")) {
            Path p = Path.of(table);
            if (!Files.exists(p)) {
                continue;
            }
            for (String line : Files.readAllLines(p).subList(1, Files.readAllLines(p).size())) {
                String[] f = line.trim().split("\\s+");
                if (f.length > 9 && inodes.contains(f[9]) && !remoteIsLoopbackOrUnset(f[2])) {
                    out.add(table + " remote " + f[2] + " state " + f[3]);
                }
            }
        }
        return out;
    }

    private static boolean remoteIsLoopbackOrUnset(String hexAddressPort) {
        String hex = hexAddressPort.substring(0, hexAddressPort.indexOf(':'));
        if (hex.chars().allMatch(c -> c == '0')) {
            return true; // listening socket, no peer
        }
        if (hex.length() == 8) {
            return hex.endsWith("7F"); // little-endian 127.x.x.x
        }
        // IPv6: ::1, or IPv4-mapped ::ffff:127.x.x.x
        return hex.equals("00000000000000000000000001000000") || (hex.startsWith("0000000000000000FFFF0000")
                && hex.endsWith("7F"));
    }

    private static final class RecordingProxySelector extends ProxySelector {
        @Override
        public List<Proxy> select(URI uri) {
            record("url", uri.toString(), isLoopback(uri.getHost()));
            return List.of(Proxy.NO_PROXY);
        }

        @Override
        public void connectFailed(URI uri, SocketAddress sa, IOException ioe) {
            // Nothing to do: the socket layer already recorded and refused the attempt.
        }
    }

    /** A client socket that records where it was asked to connect and refuses. */
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
