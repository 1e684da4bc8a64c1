package org.jbuildkit.session;

import com.google.protobuf.ByteString;
import io.grpc.stub.StreamObserver;
import java.nio.charset.StandardCharsets;
import org.jbuildkit.api.filesync.BytesMessage;
import org.jbuildkit.api.filesync.FileSendGrpc;
import org.jbuildkit.api.secrets.GetSecretRequest;
import org.jbuildkit.api.secrets.GetSecretResponse;
import org.jbuildkit.api.secrets.SecretsGrpc;

/** Tiny session services for tunnel tests. */
public final class TestServices {
    private TestServices() {}

    /** Answers {@code GetSecret} with {@code secret-of-<id>@<tag>}. */
    public static final class FixedSecrets extends SecretsGrpc.SecretsImplBase {
        private final String tag;

        public FixedSecrets(String tag) {
            this.tag = tag;
        }

        @Override
        public void getSecret(GetSecretRequest request, StreamObserver<GetSecretResponse> responses) {
            responses.onNext(GetSecretResponse.newBuilder()
                    .setData(ByteString.copyFrom("secret-of-" + request.getID() + "@" + tag, StandardCharsets.UTF_8))
                    .build());
            responses.onCompleted();
        }
    }

    /** {@code FileSend/DiffCopy} that sends every chunk straight back. */
    public static final class EchoFileSend extends FileSendGrpc.FileSendImplBase {
        @Override
        public StreamObserver<BytesMessage> diffCopy(StreamObserver<BytesMessage> responses) {
            return new StreamObserver<>() {
                @Override
                public void onNext(BytesMessage value) {
                    responses.onNext(value);
                }

                @Override
                public void onError(Throwable t) {}

                @Override
                public void onCompleted() {
                    responses.onCompleted();
                }
            };
        }
    }
}
