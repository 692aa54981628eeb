package io.github.distilbertj.api.http;

import org.springframework.boot.test.context.SpringBootTest;

/** /rerank on a BertForSequenceClassification cross-encoder (pooler + classifier, token types) vs PyTorch. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "distilbertj.model=${fixtures.dir}/bert-tiny-cross")
class BertRerankParityTest extends RerankParity {
    @Override
    String fixture() {
        return "bert-tiny-cross";
    }
}
