package io.github.distilbertj.api.bench;

import io.github.distilbertj.api.grpc.tei.EmbedGrpc;
import io.github.distilbertj.api.grpc.tei.EmbedRequest;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;

import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Throughput probe (not a test): gRPC {@code tei.v1.Embed/Embed} against HTTP {@code POST /embed} on one running
 * server, {@code CLIENTS} closed-loop clients (each sends its next call when it has the answer), one short sentence
 * per call (load/embed.lua's 16), in alternating blocks (HTTP, gRPC, HTTP, gRPC, ...) after an untimed warm-up
 * of each. HTTP: the JDK HttpClient over HTTP/1.1 (a pool of kept-alive connections); gRPC: one channel (one
 * HTTP/2 connection), grpc-java blocking stubs; both on virtual threads in this JVM, which shares the machine
 * with the server (its CPU per call is printed).
 * With the server's PID (Linux), the server's CPU time per call of each block is printed too: the cost of the
 * transport on the server, apart from the client's.
 * {@code TransportThroughputProbe HTTP_PORT GRPC_PORT [CLIENTS=64] [BLOCK_SECONDS=10] [BLOCKS=3] [WARMUP_SECONDS=10] [SERVER_PID]}
 */
public final class TransportThroughputProbe {

    static final String[] SENTENCES = {
            "The quick brown fox jumps over the lazy dog.", "A man is playing a guitar on a street corner.",
            "Machine learning models turn text into vectors.", "The weather in Paris is mild in the spring.",
            "She ordered a coffee and opened her laptop.", "How do I reset my password if I forgot it?",
            "The stock market closed higher after the announcement.",
            "Children were playing football in the park after school.", "This restaurant serves the best noodles in town.",
            "Please send me the report by Friday afternoon.", "The museum opens at nine and closes at six.",
            "Solar panels convert sunlight directly into electricity.", "What is the capital city of Australia?",
            "He forgot his umbrella and got soaked in the rain.",
            "The new phone has a better camera and a longer battery life.",
            "Our team will meet on Monday to discuss the roadmap."};

    private static long serverPid = -1;

    private TransportThroughputProbe() {
    }

    /** The server's user + system CPU time in ms (/proc/PID/stat, 100 ticks a second); 0 without a PID. */
    static double serverCpuMs() {
        if (serverPid < 0) {
            return 0;
        }
        try {
            String stat = java.nio.file.Files.readString(java.nio.file.Path.of("/proc/" + serverPid + "/stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return (Long.parseLong(f[11]) + Long.parseLong(f[12])) * 10.0;
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** One call of a client; {@code i} picks the sentence. */
    private interface Call {
        void run(int i) throws Exception;
    }

    record Block(String transport, long calls, double seconds, double p50Ms, double p99Ms, double clientCpuMsPerCall,
                 double serverCpuMsPerCall) {
        double rate() {
            return calls / seconds;
        }
    }

    public static void main(String[] args) throws Exception {
        int httpPort = Integer.parseInt(args[0]);
        int grpcPort = Integer.parseInt(args[1]);
        int clients = args.length > 2 ? Integer.parseInt(args[2]) : 64;
        int blockSeconds = args.length > 3 ? Integer.parseInt(args[3]) : 10;
        int blocks = args.length > 4 ? Integer.parseInt(args[4]) : 3;
        int warmupSeconds = args.length > 5 ? Integer.parseInt(args[5]) : 10;
        serverPid = args.length > 6 ? Long.parseLong(args[6]) : -1;

        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        URI embed = URI.create("http://127.0.0.1:" + httpPort + "/embed");
        HttpRequest[] httpRequests = new HttpRequest[SENTENCES.length];
        EmbedRequest[] grpcRequests = new EmbedRequest[SENTENCES.length];
        for (int i = 0; i < SENTENCES.length; i++) {
            httpRequests[i] = HttpRequest.newBuilder(embed).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"inputs\": \"" + SENTENCES[i] + "\"}")).build();
            grpcRequests[i] = EmbedRequest.newBuilder().setInputs(SENTENCES[i]).build();
        }
        ManagedChannel channel = ManagedChannelBuilder.forAddress("127.0.0.1", grpcPort).usePlaintext().build();
        EmbedGrpc.EmbedBlockingStub stub = EmbedGrpc.newBlockingStub(channel);
        Call httpCall = i -> {
            HttpResponse<String> r = http.send(httpRequests[i], HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 200) {
                throw new IllegalStateException("HTTP " + r.statusCode() + ": " + r.body());
            }
        };
        Call grpcCall = i -> {
            if (stub.embed(grpcRequests[i]).getEmbeddingsCount() == 0) {
                throw new IllegalStateException("gRPC: empty embedding");
            }
        };
        try {
            run("http", httpCall, clients, warmupSeconds);
            run("grpc", grpcCall, clients, warmupSeconds);
            List<Block> results = new ArrayList<>();
            for (int b = 0; b < blocks; b++) {
                for (String transport : List.of("http", "grpc")) {
                    Block block = run(transport, transport.equals("http") ? httpCall : grpcCall, clients, blockSeconds);
                    results.add(block);
                    System.out.printf("block %d %-4s: %8.1f req/s  p50 %6.1f ms  p99 %6.1f ms  (%d calls in %.1f s;"
                                    + " CPU per call: server %.3f ms, probe %.3f ms)%n",
                            b + 1, transport, block.rate(), block.p50Ms(), block.p99Ms(), block.calls(), block.seconds(),
                            block.serverCpuMsPerCall(), block.clientCpuMsPerCall());
                }
            }
            System.out.printf("%d clients, %d x %d s per transport, one sentence per call:%n", clients, blocks, blockSeconds);
            for (String transport : List.of("http", "grpc")) {
                double[] rates = results.stream().filter(r -> r.transport().equals(transport)).mapToDouble(Block::rate).sorted().toArray();
                double[] p50 = results.stream().filter(r -> r.transport().equals(transport)).mapToDouble(Block::p50Ms).sorted().toArray();
                double[] p99 = results.stream().filter(r -> r.transport().equals(transport)).mapToDouble(Block::p99Ms).sorted().toArray();
                double[] server = results.stream().filter(r -> r.transport().equals(transport))
                        .mapToDouble(Block::serverCpuMsPerCall).sorted().toArray();
                System.out.printf("%-4s median of blocks: %8.1f req/s  p50 %6.1f ms  p99 %6.1f ms  server CPU %.3f ms/call%n",
                        transport, rates[rates.length / 2], p50[p50.length / 2], p99[p99.length / 2], server[server.length / 2]);
            }
        } finally {
            channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
            http.close();
        }
    }

    /** {@code clients} closed loops of {@code call} for {@code seconds}; latencies of the calls that ended inside it. */
    static Block run(String transport, Call call, int clients, int seconds) throws InterruptedException {
        AtomicBoolean stop = new AtomicBoolean();
        AtomicLong failures = new AtomicLong();
        long[][] latencies = new long[clients][];
        int[] counts = new int[clients];
        CountDownLatch done = new CountDownLatch(clients);
        var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        long cpu0 = os.getProcessCpuTime();
        double serverCpu0 = serverCpuMs();
        long t0 = System.nanoTime();
        for (int c = 0; c < clients; c++) {
            int client = c;
            latencies[c] = new long[1 << 16];
            Thread.ofVirtual().start(() -> {
                int i = client;
                try {
                    while (!stop.get()) {
                        long s = System.nanoTime();
                        call.run(i++ % SENTENCES.length);
                        if (counts[client] < latencies[client].length) {
                            latencies[client][counts[client]++] = System.nanoTime() - s;
                        }
                    }
                } catch (Exception e) {
                    failures.incrementAndGet();
                    System.err.println(transport + " client " + client + ": " + e);
                } finally {
                    done.countDown();
                }
            });
        }
        Thread.sleep(TimeUnit.SECONDS.toMillis(seconds));
        stop.set(true);
        done.await();
        double elapsed = (System.nanoTime() - t0) / 1e9;
        long cpu = os.getProcessCpuTime() - cpu0;
        double serverCpu = serverCpuMs() - serverCpu0;
        if (failures.get() > 0) {
            throw new IllegalStateException(failures.get() + " " + transport + " clients failed");
        }
        int total = Arrays.stream(counts).sum();
        long[] all = new long[total];
        for (int c = 0, at = 0; c < clients; c++) {
            System.arraycopy(latencies[c], 0, all, at, counts[c]);
            at += counts[c];
        }
        Arrays.sort(all);
        return new Block(transport, total, elapsed, all[total / 2] / 1e6, all[(int) (total * 0.99)] / 1e6,
                cpu / 1e6 / total, serverCpu / total);
    }
}
