package org.jbuildkit.session.content;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import io.grpc.Channel;
import io.grpc.ClientInterceptors;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.MetadataUtils;
import io.grpc.stub.StreamObserver;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.jbuildkit.api.content.AbortRequest;
import org.jbuildkit.api.content.ContentGrpc;
import org.jbuildkit.api.content.ReadContentRequest;
import org.jbuildkit.api.content.ReadContentResponse;
import org.jbuildkit.api.content.StatusRequest;
import org.jbuildkit.api.content.WriteAction;
import org.jbuildkit.api.content.WriteContentRequest;
import org.jbuildkit.api.content.WriteContentResponse;
import org.jbuildkit.session.DaemonFixture;
import org.jbuildkit.session.Session;
import org.jbuildkit.session.manager.Caller;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The client's content service and the daemon's caller of it, over a real session. */
@Timeout(60)
class ContentStoreSessionTest {
    @TempDir
    Path dir;

    private DaemonFixture daemon;
    private Session session;
    private ContentStoreService service;
    private Caller caller;

    @BeforeEach
    void connect() throws Exception {
        daemon = new DaemonFixture();
        session = Session.create("", "");
        service = new ContentStoreService(Map.of("local:" + dir, new LayoutContentStore(dir)));
        session.allow(service.definition());
        session.run(daemon.control());
        caller = daemon.manager.get(session.id(), Duration.ofSeconds(10)).get(10, TimeUnit.SECONDS);
    }

    @AfterEach
    void close() throws Exception {
        session.close();
        daemon.close();
    }

    private CallerContentStore store() {
        return new CallerContentStore(caller, "local:" + dir);
    }

    private static byte[] random(int size) {
        byte[] bytes = new byte[size];
        new Random(size).nextBytes(bytes);
        return bytes;
    }

    private static String sha256(byte[] bytes) throws Exception {
        return "sha256:" + HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(bytes));
    }

    private Path blobFile(String digest) {
        return dir.resolve("blobs/sha256/" + digest.substring("sha256:".length()));
    }

    @Test
    void aBlobOfSeveralChunksWrittenThroughTheSessionIsStoredWholeAndReadsBack() throws Exception {
        byte[] blob = random(3 * ContentStoreService.CHUNK + 123);
        String digest = sha256(blob);

        store().write("ref-1", digest, blob.length, new ByteArrayInputStream(blob));

        assertThat(Files.readAllBytes(blobFile(digest))).isEqualTo(blob);
        assertThat(dir.resolve("ingest")).doesNotExist();
        assertThat(store().info(digest)).hasValueSatisfying(i -> assertThat(i.getSize()).isEqualTo(blob.length));
        try (InputStream in = store().read(digest)) {
            assertThat(in.readAllBytes()).isEqualTo(blob);
        }
    }

    @Test
    void writingABlobTheStoreHasIsDone() throws Exception {
        byte[] blob = random(10);
        String digest = sha256(blob);
        store().write("a", digest, blob.length, new ByteArrayInputStream(blob));

        store().write("b", digest, blob.length, new ByteArrayInputStream(blob));

        assertThat(Files.readAllBytes(blobFile(digest))).isEqualTo(blob);
        assertThat(dir.resolve("ingest")).doesNotExist();
    }

    @Test
    void dataThatIsNotTheBlobItClaimsNeverBecomesOne() throws Exception {
        byte[] blob = random(100);
        String claimed = sha256(random(99));

        assertThatThrownBy(() -> store().write("bad", claimed, blob.length, new ByteArrayInputStream(blob)))
                .isInstanceOf(ContentStoreException.class)
                .hasMessageContaining("unexpected commit digest " + sha256(blob))
                .hasMessageContaining("expected " + claimed);
        assertThatThrownBy(() -> store().write("short", sha256(blob), blob.length + 1,
                new ByteArrayInputStream(blob))).hasMessageContaining("unexpected commit size 100, expected 101");

        assertThat(blobFile(claimed)).doesNotExist();
        assertThat(blobFile(sha256(blob))).doesNotExist();
        assertThat(dir.resolve("ingest")).doesNotExist();
    }

    @Test
    void missingBlobsAreEmptyForInfoAndAnErrorForRead() throws Exception {
        String digest = sha256(random(5));
        assertThat(store().info(digest)).isEmpty();
        assertThatThrownBy(() -> {
            try (InputStream in = store().read(digest)) {
                in.readAllBytes();
            }
        }).hasMessageContaining("content " + digest + ": not found");
    }

    @Test
    void anUnknownStoreIsAnErrorNamingIt() {
        CallerContentStore other = new CallerContentStore(caller, "local:/nowhere");
        assertThatThrownBy(() -> other.info(sha256(random(1))))
                .isInstanceOf(ContentStoreException.class)
                .hasMessageContaining("does not serve content store local:/nowhere")
                .hasMessageContaining("unknown store local:/nowhere")
                .hasMessageContaining("local:" + dir);
    }

    @Test
    void aReadFromAnOffsetForASizeSendsThatRange() throws Exception {
        byte[] blob = random(1000);
        String digest = sha256(blob);
        store().write("r", digest, blob.length, new ByteArrayInputStream(blob));
        ByteString got = ByteString.EMPTY;
        var chunks = ContentGrpc.newBlockingStub(raw()).read(ReadContentRequest.newBuilder().setDigest(digest)
                .setOffset(100).setSize(50).build());
        while (chunks.hasNext()) {
            ReadContentResponse chunk = chunks.next();
            assertThat(chunk.getOffset()).isEqualTo(100 + got.size());
            got = got.concat(chunk.getData());
        }
        assertThat(got.toByteArray()).isEqualTo(java.util.Arrays.copyOfRange(blob, 100, 150));
    }

    @Test
    void aWriteFollowsContainerdsProtocolStatWriteResumeAndCommit() throws Exception {
        byte[] blob = random(64);
        String digest = sha256(blob);
        Writer first = new Writer();
        WriteContentResponse stat = first.send(WriteContentRequest.newBuilder().setAction(WriteAction.STAT)
                .setRef("proto").setTotal(blob.length).setExpected(digest).build());
        assertThat(stat.getOffset()).isZero();
        assertThat(stat.getTotal()).isEqualTo(blob.length);
        assertThat(first.send(write(0, blob, 0, 20)).getOffset()).isEqualTo(20);
        assertThatThrownBy(() -> first.send(write(30, blob, 20, 10))).hasMessageContaining(
                "write @30 must occur at current offset 20");

        Writer second = new Writer();
        assertThat(second.send(WriteContentRequest.newBuilder().setAction(WriteAction.STAT).setRef("proto")
                .build()).getOffset()).isEqualTo(20);
        assertThat(ContentGrpc.newBlockingStub(raw()).status(StatusRequest.newBuilder().setRef("proto").build())
                .getStatus().getOffset()).isEqualTo(20);
        assertThat(second.send(write(20, blob, 20, 44)).getOffset()).isEqualTo(64);
        WriteContentResponse committed = second.send(WriteContentRequest.newBuilder().setAction(WriteAction.COMMIT)
                .setOffset(64).setTotal(64).setExpected(digest).build());
        assertThat(committed.getDigest()).isEqualTo(digest);
        assertThat(Files.readAllBytes(blobFile(digest))).isEqualTo(blob);

        Writer third = new Writer();
        assertThatThrownBy(() -> third.send(WriteContentRequest.newBuilder().setAction(WriteAction.STAT)
                .setRef("again").setExpected(digest).build()))
                .isInstanceOfSatisfying(StatusRuntimeException.class,
                        e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.ALREADY_EXISTS));
    }

    @Test
    void aWriteAtOffsetZeroStartsOver() throws Exception {
        byte[] blob = random(30);
        String digest = sha256(blob);
        Writer w = new Writer();
        w.send(WriteContentRequest.newBuilder().setAction(WriteAction.STAT).setRef("over").build());
        w.send(write(0, random(17), 0, 17));
        assertThat(w.send(write(0, blob, 0, 30)).getOffset()).isEqualTo(30);
        assertThat(w.send(WriteContentRequest.newBuilder().setAction(WriteAction.COMMIT).setOffset(30)
                .setExpected(digest).build()).getDigest()).isEqualTo(digest);
    }

    @Test
    void unfinishedWritesAreDroppedByAbortAndWhenTheServiceCloses() throws Exception {
        Writer w = new Writer();
        w.send(WriteContentRequest.newBuilder().setAction(WriteAction.STAT).setRef("left").build());
        w.send(write(0, random(10), 0, 10));
        w.end();
        Writer v = new Writer();
        v.send(WriteContentRequest.newBuilder().setAction(WriteAction.STAT).setRef("aborted").build());
        v.send(write(0, random(10), 0, 10));
        v.end();
        assertThat(dir.resolve("ingest")).isDirectory();

        ContentGrpc.newBlockingStub(raw()).abort(AbortRequest.newBuilder().setRef("aborted").build());
        service.close();

        assertThat(dir.resolve("ingest")).doesNotExist();
        assertThat(dir.resolve("blobs")).doesNotExist();
    }

    private static WriteContentRequest write(long offset, byte[] data, int from, int length) {
        return WriteContentRequest.newBuilder().setAction(WriteAction.WRITE).setOffset(offset)
                .setData(ByteString.copyFrom(data, from, length)).build();
    }

    private Channel raw() {
        Metadata headers = new Metadata();
        headers.put(ContentStoreHeaders.STORE_ID, "local:" + dir);
        return ClientInterceptors.intercept(caller.channel(), MetadataUtils.newAttachHeadersInterceptor(headers));
    }

    /** A raw Write stream: each request answered before the next. */
    private final class Writer {
        private final BlockingQueue<Object> answers = new LinkedBlockingQueue<>();
        private final StreamObserver<WriteContentRequest> requests = ContentGrpc.newStub(raw()).write(
                new StreamObserver<>() {
                    @Override
                    public void onNext(WriteContentResponse value) {
                        answers.add(value);
                    }

                    @Override
                    public void onError(Throwable t) {
                        answers.add(t);
                    }

                    @Override
                    public void onCompleted() {
                        answers.add("completed");
                    }
                });

        WriteContentResponse send(WriteContentRequest request) throws Exception {
            requests.onNext(request);
            Object answer = answers.poll(20, TimeUnit.SECONDS);
            if (answer instanceof Throwable t) {
                throw (Exception) t;
            }
            return (WriteContentResponse) answer;
        }

        void end() throws Exception {
            requests.onCompleted();
            assertThat(answers.poll(20, TimeUnit.SECONDS)).isEqualTo("completed");
        }
    }
}
