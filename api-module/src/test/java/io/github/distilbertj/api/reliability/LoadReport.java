package io.github.distilbertj.api.reliability;

import java.util.ArrayList;
import java.util.List;

/**
 * The figures of api-module/README.md (not a test): the server jar as a child process, the unloaded
 * rate (as many closed-loop connections as requests admitted, or 8), then each load, then the peak RSS
 * under 64 connections of worst-case requests. Run from api-module/ after `./mvnw ... verify`:
 * <pre>
 * java -cp target/test-classes:$(cat target/test-classpath.txt) \
 *     io.github.distilbertj.api.reliability.LoadReport SECONDS CONNECTIONS,... [server args...]
 * </pre>
 */
public final class LoadReport {

    private LoadReport() {
    }

    public static void main(String[] args) throws Exception {
        long millis = (long) (Double.parseDouble(args[0]) * 1000);
        List<Integer> loads = new ArrayList<>();
        for (String s : args[1].split(",")) {
            loads.add(Integer.parseInt(s));
        }
        List<String> serverArgs = List.of(args).subList(2, args.length);
        byte[] request = OverloadIT.REQUEST;
        try (ServerProcess server = ServerProcess.start("load-report", List.of("-Xmx2g"), serverArgs)) {
            Load.run(server.port(), 8, 3000, i -> request);
            Load.Result unloaded = Load.run(server.port(), 8, millis, i -> request);
            System.out.println("unloaded: " + unloaded);
            for (int c : loads) {
                Load.Result r = Load.run(server.port(), c, millis, i -> request);
                System.out.printf("loaded: %s; admitted rate %.0f%% of unloaded%n", r, 100 * r.okPerSecond() / unloaded.okPerSecond());
            }
        }
        List<byte[]> worst = List.of(MemoryIT.tokenizeBody(), MemoryIT.embedAllBody(), MemoryIT.embedBody());
        for (List<String> jvm : List.of(List.of("-Xmx1g"), List.<String>of())) {
            try (ServerProcess server = ServerProcess.start("memory-report", jvm, serverArgs)) {
                long idle = server.peakRssBytes();
                Load.Result r = Load.run(server.port(), 64, millis, i -> worst.get(i % worst.size()));
                System.out.printf("memory %s: peak RSS %d MiB (%d MiB after start-up); %s%n",
                        jvm.isEmpty() ? "default heap" : jvm, server.peakRssBytes() >> 20, idle >> 20, r);
            }
        }
    }
}
