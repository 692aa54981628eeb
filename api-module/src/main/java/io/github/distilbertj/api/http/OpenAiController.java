package io.github.distilbertj.api.http;

import io.github.distilbertj.api.admission.Admission;
import io.github.distilbertj.api.error.ApiException;
import io.github.distilbertj.api.http.dto.OpenAiEmbeddingRequest;
import io.github.distilbertj.api.http.dto.OpenAiEmbeddingResponse;
import io.github.distilbertj.api.scheduling.InferenceService;
import io.github.distilbertj.api.scheduling.Input;
import io.github.distilbertj.api.scheduling.ModelInfo;

import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestAttribute;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/** OpenAI's POST /v1/embeddings (also at /embeddings, like TEI). Embeddings are L2-normalised, as OpenAI's are. */
@RestController
public class OpenAiController {

    private final InferenceService service;

    public OpenAiController(InferenceService service) {
        this.service = service;
    }

    @PostMapping(path = {"/v1/embeddings", "/embeddings"}, consumes = MediaType.APPLICATION_JSON_VALUE,
            produces = MediaType.APPLICATION_JSON_VALUE)
    public OpenAiEmbeddingResponse embeddings(@RequestAttribute(AdmissionFilter.PERMIT) Admission.Permit permit,
                                              @RequestBody OpenAiEmbeddingRequest request) {
        boolean base64 = encoding(request.encodingFormat());
        ModelInfo model = service.model();
        if (request.dimensions() != null && request.dimensions() != model.hiddenSize()) {
            throw ApiException.validation("`dimensions` " + request.dimensions() + " is not supported: "
                    + model.modelId() + " only returns " + model.hiddenSize() + "-dimensional embeddings");
        }
        List<Input> inputs = InputParser.inputs(request.input(), "input");
        InferenceService.Embedded result = service.embedCounting(permit, inputs, Routes.OPENAI_EMBEDDINGS);
        List<OpenAiEmbeddingResponse.Item> data = new ArrayList<>(result.vectors().size());
        for (int i = 0; i < result.vectors().size(); i++) {
            float[] v = result.vectors().get(i);
            data.add(new OpenAiEmbeddingResponse.Item("embedding", base64 ? toBase64(v) : v, i));
        }
        return new OpenAiEmbeddingResponse("list", data, model.modelId(),
                new OpenAiEmbeddingResponse.Usage(result.tokens(), result.tokens()));
    }

    private static boolean encoding(String format) {
        if (format == null || format.equals("float")) {
            return false;
        }
        if (format.equals("base64")) {
            return true;
        }
        throw ApiException.validation("`encoding_format` must be \"float\" or \"base64\", got \"" + format + "\"");
    }

    /** OpenAI's base64 format: the float32 values, little-endian, base64-encoded. */
    static String toBase64(float[] v) {
        ByteBuffer bytes = ByteBuffer.allocate(v.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        bytes.asFloatBuffer().put(v);
        return Base64.getEncoder().encodeToString(bytes.array());
    }
}
