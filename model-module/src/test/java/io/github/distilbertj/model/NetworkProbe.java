package io.github.distilbertj.model;

import ai.onnxruntime.OrtEnvironment;
import io.github.distilbertj.tokenizer.NetworkGuard;
import ai.onnxruntime.OrtSession;
import dev.langchain4j.model.embedding.onnx.allminilml6v2.AllMiniLmL6V2EmbeddingModel;

import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * Child-JVM program of {@link NetworkIsolationTest}: arms {@link NetworkGuard} before any oracle
 * class loads, proves it catches deliberate connects (CONTROL lines), then runs the oracles and
 * prints every attempt they made (ORACLE lines) and DONE.
 */
public final class NetworkProbe {
    private NetworkProbe() {
    }

    public static void main(String[] args) throws Exception {
        NetworkGuard.install();
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("192.0.2.1", 9), 50);
        } catch (java.io.IOException expected) {
            // refused by the guard
        }
        try {
            HttpClient.newBuilder().connectTimeout(Duration.ofMillis(50)).build()
                    .send(HttpRequest.newBuilder(URI.create("http://192.0.2.1:9/")).timeout(Duration.ofMillis(200)).build(),
                            HttpResponse.BodyHandlers.discarding());
        } catch (java.io.IOException expected) {
            // the proxy selector sent it to a closed loopback port
        }
        for (String a : NetworkGuard.attempts()) {
            System.out.println("CONTROL " + a);
        }
        NetworkGuard.clear();

        try (Encoder encoder = Encoder.builtin(1)) {
            encoder.embed("Offline check for the built-in encoder.");
        }
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        try (InputStream in = NetworkProbe.class.getResourceAsStream(Encoder.BUILTIN_ONNX);
             OrtSession session = env.createSession(in.readAllBytes(), new OrtSession.SessionOptions())) {
            System.out.println("INFO ORT inputs " + session.getInputNames());
        }
        new AllMiniLmL6V2EmbeddingModel().embed("Offline check for LangChain4j and DJL.");
        Thread.sleep(200);
        NetworkGuard.stopSampling();
        for (String a : NetworkGuard.attempts()) {
            System.out.println("ORACLE " + a);
        }
        for (String a : NetworkGuard.openNonLoopbackTcpSockets()) {
            System.out.println("ORACLE open " + a);
        }
        System.out.println("DONE");
    }
}
