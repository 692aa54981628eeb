package io.github.distilbertj.tokenizer;

import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;

import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.util.List;

/**
 * Child-JVM program of {@link DjlOfflineTest}: arms {@link NetworkGuard} before any DJL class loads, checks the
 * guard catches deliberate non-loopback attempts, then loads and uses DJL and reports every attempt it made.
 * Output lines: {@code CONTROL <attempt>}, {@code DJL <attempt>}, {@code OPEN <socket>}, {@code DONE}.
 */
public final class NoNetworkProbe {

    private NoNetworkProbe() {
    }

    public static void main(String[] args) throws Exception {
        NetworkGuard.install();

        // Control: the guard must see (and refuse) these; nothing is sent, the connect never reaches the OS.
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("192.0.2.1", 9), 50); // TEST-NET-1, unroutable
        } catch (IOException expected) {
            // refused by the guard
        }
        try {
            HttpURLConnection c = (HttpURLConnection) URI.create("http://169.254.169.254/latest/meta-data/").toURL()
                    .openConnection();
            c.setConnectTimeout(50);
            c.getResponseCode();
        } catch (IOException expected) {
            // refused by the guard
        }
        for (String a : NetworkGuard.attempts()) {
            System.out.println("CONTROL " + a);
        }
        NetworkGuard.clear();

        // DJL: class initialisation, tokenizer creation (which calls Ec2Utils.callHome), use, and close.
        try (HuggingFaceTokenizer tokenizer = Oracle.djl(Oracle.uncasedJson())) {
            long[] ids = tokenizer.encode("Hello, offline world!").getIds();
            tokenizer.batchEncode(List.of("a", "b c"));
            tokenizer.decode(ids);
        }
        Thread.sleep(300); // let any background thread DJL started get going
        for (String a : NetworkGuard.attempts()) {
            System.out.println("DJL " + a);
        }
        for (String s : NetworkGuard.openNonLoopbackTcpSockets()) {
            System.out.println("OPEN " + s);
        }
        System.out.println("DONE");
        System.out.flush();
        System.exit(0);
    }
}
