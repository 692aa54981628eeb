package io.github.distilbertj.api.http;

import org.springframework.boot.test.context.SpringBootTest;

/** /rerank on a DistilBertForSequenceClassification cross-encoder (pre_classifier + ReLU + classifier) vs PyTorch. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "distilbertj.model=${fixtures.dir}/distilbert-tiny-cross")
class DistilBertRerankParityTest extends RerankParity {
    @Override
    String fixture() {
        return "distilbert-tiny-cross";
    }
}
