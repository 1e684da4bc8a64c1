package org.jbuildkit.daemon.source.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.junit.jupiter.api.Test;

class StallGuardTest {
    /** A body whose read waits until the stream is closed, like a server that stopped sending. */
    private static final class StalledBody extends InputStream {
        private final CountDownLatch closed = new CountDownLatch(1);

        @Override
        public int read() throws IOException {
            try {
                closed.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            throw new IOException("closed");
        }

        @Override
        public void close() {
            closed.countDown();
        }
    }

    @Test
    void aBodyWithoutProgressIsClosedAndTheGuardSaysSo() throws Exception {
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
        try {
            StalledBody body = new StalledBody();
            try (StallGuard guard = StallGuard.watch(timer, Duration.ofMillis(50), body)) {
                assertThatThrownBy(body::read).isInstanceOf(IOException.class);
                assertThat(guard.fired()).isTrue();
            }
        } finally {
            timer.shutdownNow();
        }
    }
}
