package io.github.distilbertj.api.reliability;

import io.github.distilbertj.api.http.BuiltinModelTest;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Issue #13, finding 5 (log flooding): 404s and clients that hang up mid-answer are the client's
 * business. Neither may log a WARN, an ERROR or a stack trace (a 404 logs at DEBUG, an abort one DEBUG line).
 */
@ExtendWith(OutputCaptureExtension.class)
class LogHygieneTest extends BuiltinModelTest {

    @Test
    void notFoundIsNotWarned(CapturedOutput output) {
        for (int i = 0; i < 20; i++) {
            assertThat(http.get("/wp-admin/setup-" + i + ".php").status()).isEqualTo(404);
        }
        assertThat(output.getAll()).doesNotContain("wp-admin");
    }

    @Test
    void aClientThatResetsMidAnswerLogsNoStackTrace(CapturedOutput output) throws Exception {
        StringBuilder body = new StringBuilder("{\"inputs\": [");
        for (int i = 0; i < 32; i++) {
            body.append(i == 0 ? "" : ",").append('"').append("a long answer follows ".repeat(20)).append('"');
        }
        byte[] request = RawHttp.postJson("/embed_all", body.append("]}").toString());
        int before = output.getAll().length();
        for (int i = 0; i < 3; i++) {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 5000);
                s.getOutputStream().write(request);
                s.getOutputStream().flush();
                // Reset (not a clean close) as soon as the first bytes of the answer arrive.
                s.setSoTimeout(30_000);
                s.getInputStream().read();
                s.setSoLinger(true, 0);
            }
        }
        // The server notices when it writes the rest; then the service is fine.
        await().atMost(Duration.ofSeconds(30)).until(() -> http.get("/health").status() == 200);
        Thread.sleep(1000);
        String log = output.getAll().substring(before);
        assertThat(log).doesNotContain("\tat ").doesNotContain(" ERROR ").doesNotContain(" WARN ");
        assertThat(http.post("/embed", "{\"inputs\": \"still serving\"}").status()).isEqualTo(200);
    }
}
