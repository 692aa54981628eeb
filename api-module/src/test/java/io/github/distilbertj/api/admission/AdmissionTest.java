package io.github.distilbertj.api.admission;

import io.github.distilbertj.api.error.ApiException;
import io.github.distilbertj.api.metrics.ApiMetrics;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The budgets of admission control: requests, tokens and answer bytes in flight, and one answer's size. */
class AdmissionTest {

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final Admission admission = new Admission(new Admission.Limits(3, 100, 1000, 600), 2,
            new ApiMetrics(registry));

    private static ApiException refused(Runnable r) {
        try {
            r.run();
        } catch (ApiException e) {
            return e;
        }
        throw new AssertionError("not refused");
    }

    @Test
    void tokensInFlightAreBoundedNotOnlyRequests() {
        Admission.Permit a = admission.admit("/embed", new Admission.Work(true, 60, 10));
        ApiException e = refused(() -> admission.admit("/embed", new Admission.Work(true, 41, 10)));
        assertThat(e.status()).isEqualTo(429);
        assertThat(e.retryAfterSeconds()).isEqualTo(2);
        assertThat(e.getMessage()).contains("distilbertj.max-concurrent-tokens").doesNotContain("Exception");
        Admission.Permit b = admission.admit("/embed", new Admission.Work(true, 40, 10));
        assertThat(admission.tokensInFlight()).isEqualTo(100);
        a.close();
        a.close();
        assertThat(admission.tokensInFlight()).isEqualTo(40);
        b.close();
        assertThat(admission.tokensInFlight()).isZero();
        assertThat(admission.requestsInFlight()).isZero();
        assertThat(registry.get(ApiMetrics.ADMISSION_REJECTED).tag("limit", "tokens").counter().count()).isEqualTo(1);
    }

    @Test
    void requestSlotsKeepTeiSemanticsAndOnlyModelRoutesTakeThem() {
        for (int i = 0; i < 3; i++) {
            admission.admit("/embed", new Admission.Work(true, 1, 1));
        }
        assertThat(refused(() -> admission.admit("/embed", new Admission.Work(true, 1, 1))).getMessage())
                .contains("3 requests are already in flight (distilbertj.max-concurrent-requests)");
        // /tokenize runs no model: it takes no request slot, only answer bytes.
        admission.admit("/tokenize", new Admission.Work(false, 0, 500)).close();
    }

    @Test
    void answerBytesInFlightAndPerRequest() {
        Admission.Permit big = admission.admit("/embed_all", new Admission.Work(true, 1, 600));
        assertThat(refused(() -> admission.admit("/tokenize", new Admission.Work(false, 0, 401))).getMessage())
                .contains("distilbertj.max-concurrent-response-size");
        ApiException tooLarge = refused(() -> big.resize(1, 601));
        assertThat(tooLarge.status()).isEqualTo(413);
        assertThat(tooLarge.getMessage()).contains("600 bytes (distilbertj.max-response-size)");
        big.close();
    }

    @Test
    void resizeShrinksFreelyAndGrowsOnlyIntoFreeBudget() {
        Admission.Permit estimate = admission.admit("/embed", new Admission.Work(true, 90, 10));
        estimate.resize(5, 10);
        Admission.Permit other = admission.admit("/embed", new Admission.Work(true, 90, 10));
        ApiException e = refused(() -> estimate.resize(11, 10));
        assertThat(e.status()).isEqualTo(429);
        assertThat(admission.tokensInFlight()).isEqualTo(95);
        estimate.resize(10, 10);
        assertThat(admission.tokensInFlight()).isEqualTo(100);
        estimate.close();
        other.close();
        assertThat(admission.tokensInFlight()).isZero();
        assertThat(admission.responseBytesInFlight()).isZero();
    }
}
