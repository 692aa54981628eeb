package io.github.distilbertj.api.grpc;

import io.github.distilbertj.api.admission.Admission;
import io.github.distilbertj.api.error.ApiException;
import io.github.distilbertj.api.grpc.tei.DecodeRequest;
import io.github.distilbertj.api.grpc.tei.DecodeResponse;
import io.github.distilbertj.api.grpc.tei.EncodeRequest;
import io.github.distilbertj.api.grpc.tei.EncodeResponse;
import io.github.distilbertj.api.grpc.tei.SimpleToken;
import io.github.distilbertj.api.grpc.tei.TokenizeGrpc;
import io.github.distilbertj.api.http.Routes;
import io.github.distilbertj.api.http.TeiController;
import io.github.distilbertj.api.scheduling.InferenceService;
import io.github.distilbertj.api.scheduling.Input;
import io.github.distilbertj.api.scheduling.Tokens;
import io.grpc.stub.StreamObserver;

import java.util.List;

/**
 * tei.v1.Tokenize: POST /tokenize and /decode for one text or id list per message. As in TEI's gRPC server,
 * {@code add_special_tokens} and {@code skip_special_tokens} are taken as sent (proto3's default is false; the
 * HTTP routes default to true).
 */
final class GrpcTokenizeService extends TokenizeGrpc.TokenizeImplBase {

    private final GrpcCalls calls;
    private final InferenceService service;

    GrpcTokenizeService(GrpcCalls calls) {
        this.calls = calls;
        this.service = calls.service();
    }

    @Override
    public void tokenize(EncodeRequest request, StreamObserver<EncodeResponse> responses) {
        calls.unary(Routes.TOKENIZE, request, responses, this::tokenize);
    }

    @Override
    public StreamObserver<EncodeRequest> tokenizeStream(StreamObserver<EncodeResponse> responses) {
        return calls.stream(Routes.TOKENIZE, responses, this::tokenize);
    }

    @Override
    public void decode(DecodeRequest request, StreamObserver<DecodeResponse> responses) {
        calls.unary(Routes.DECODE, request, responses, this::decode);
    }

    @Override
    public StreamObserver<DecodeRequest> decodeStream(StreamObserver<DecodeResponse> responses) {
        return calls.stream(Routes.DECODE, responses, this::decode);
    }

    private EncodeResponse tokenize(EncodeRequest request) {
        String text = service.prompted(List.of(Input.text(request.getInputs())),
                request.hasPromptName() ? request.getPromptName() : null).get(0).text();
        Tokens tokens;
        // As /tokenize: no model slot, but an answer that can be ~70 times the text (sized before tokenising).
        try (Admission.Permit permit = calls.admitAnswer(Routes.TOKENIZE,
                (text.length() + 2L) * Admission.JSON_BYTES_PER_TOKENIZED_CHAR)) {
            tokens = service.tokenize(permit, List.of(text), request.getAddSpecialTokens(), Routes.TOKENIZE).get(0);
        }
        EncodeResponse.Builder b = EncodeResponse.newBuilder();
        for (io.github.distilbertj.api.http.dto.SimpleToken t : TeiController.simpleTokens(text, tokens)) {
            SimpleToken.Builder s = SimpleToken.newBuilder().setId(t.id()).setText(t.text()).setSpecial(t.special());
            if (t.start() != null) {
                s.setStart(t.start()).setStop(t.stop());
            }
            b.addTokens(s);
        }
        return b.build();
    }

    private DecodeResponse decode(DecodeRequest request) {
        if (request.getIdsCount() == 0) {
            throw ApiException.validation("`ids` cannot be empty");
        }
        int[] ids = new int[request.getIdsCount()];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = request.getIds(i); // uint32 over 2^31 - 1 turns negative: refused as outside the vocabulary
        }
        return DecodeResponse.newBuilder().setText(service.decode(List.of(ids), request.getSkipSpecialTokens()).get(0))
                .build();
    }
}
