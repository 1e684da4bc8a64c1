package org.jbuildkit.daemon.source.http;

import java.io.IOException;
import java.net.http.HttpClient;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.jbuildkit.api.BuildInfo;
import org.jbuildkit.api.Identity;
import org.jbuildkit.daemon.ops.SnapshotResult;
import org.jbuildkit.daemon.solver.CacheMap;
import org.jbuildkit.daemon.solver.ExecContext;
import org.jbuildkit.daemon.solver.OpRunner;
import org.jbuildkit.daemon.solver.ResultRef;
import org.jbuildkit.daemon.solver.Vertex;
import org.jbuildkit.daemon.worker.content.LocalContentStore;
import org.jbuildkit.daemon.worker.metadata.MetadataStore;
import org.jbuildkit.daemon.worker.metadata.RecordType;
import org.jbuildkit.daemon.worker.snapshot.ActiveSnapshot;
import org.jbuildkit.daemon.worker.snapshot.SnapshotId;
import org.jbuildkit.daemon.worker.snapshot.Snapshotter;
import org.jbuildkit.registry.image.Digest;

/**
 * {@code http://} and {@code https://} sources: a snapshot holding the one downloaded file. As upstream,
 * the cache key is the body's digest (with name, mode, owner and Last-Modified), known from
 * {@code http.checksum} without asking, or from a conditional request at cache-map time; so a {@code 304}
 * costs no download and identical bytes behind a new ETag still leave later steps cached.
 */
public final class HttpSourceRunner implements OpRunner {
    private final Snapshotter snapshotter;
    private final LocalContentStore content;
    private final HttpFetcher fetcher;
    /** What the latest cache-map found per vertex, for the exec that follows it. */
    private final Map<String, HttpFetcher.Fetched> planned = new ConcurrentHashMap<>();

    /** Downloads go through {@code <root>/http/ingest}; TLS trusts the system roots plus {@code env}'s SSL_CERT_*. */
    public HttpSourceRunner(Path root, LocalContentStore content, MetadataStore metadata, Snapshotter snapshotter,
            Map<String, String> env) throws IOException {
        Path ingest = Files.createDirectories(root.resolve("http").resolve("ingest"));
        try (var leftovers = Files.list(ingest)) {
            for (Path leftover : leftovers.toList()) {
                Files.deleteIfExists(leftover);
            }
        }
        HostTrust.Trust trust = HostTrust.fromEnvironment(env);
        HttpClient client = HttpClient.newBuilder().sslContext(trust.context()).version(HttpClient.Version.HTTP_1_1)
                .followRedirects(HttpClient.Redirect.NORMAL).connectTimeout(Duration.ofSeconds(30)).build();
        this.snapshotter = snapshotter;
        this.content = content;
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "http-source-stall-guard");
            thread.setDaemon(true);
            return thread;
        });
        this.fetcher = new HttpFetcher(client, trust, content, metadata, ingest, Clock.systemUTC(),
                "jbuildkit/" + BuildInfo.current().version(), timer);
    }

    @Override
    public CacheMap cacheMap(Vertex vertex) {
        HttpIdentifier id = identifier(vertex);
        HttpFetcher.Fetched fetched = plan(id);
        planned.put(vertex.digest(), fetched);
        return CacheMap.byKeys(cacheKey(id, fetched), 0);
    }

    /** Upstream's key fields: file name, mode, owner, body digest, and Last-Modified when known. */
    static String cacheKey(HttpIdentifier id, HttpFetcher.Fetched fetched) {
        StringBuilder key = new StringBuilder("http\nfilename=").append(fetched.filename())
                .append("\nperm=").append(id.perm()).append("\nuid=").append(id.uid()).append("\ngid=").append(id.gid())
                .append("\nchecksum=").append(fetched.digest());
        HttpDates.parse(fetched.lastModified()).ifPresent(at -> key.append("\nlastmod=").append(HttpDates.format(at)));
        id.headers().forEach(h -> key.append("\nheader=").append(h.name()).append(": ").append(h.value()));
        return Digest.sha256(key.toString().getBytes(StandardCharsets.UTF_8)).toString();
    }

    @Override
    public List<ResultRef> exec(Vertex vertex, List<ResultRef> inputs, ExecContext context) throws Exception {
        HttpIdentifier id = identifier(vertex);
        HttpFetcher.Fetched fetched = planned.remove(vertex.digest());
        if (fetched == null) {
            fetched = plan(id);
        }
        if (id.checksum() != null) {
            fetched = fetcher.ensure(id, fetched.filename());
        } else if (!content.exists(fetched.digest())) {
            fetched = fetcher.resolve(id);
        }
        String key = "http-" + Identity.newId();
        ActiveSnapshot active = snapshotter.prepare(key, null);
        boolean committed = false;
        try {
            write(id, fetched, active.upperDir().resolve(fetched.filename()));
            SnapshotId snapshot = snapshotter.commit(key);
            committed = true;
            return List.of(new SnapshotResult(snapshot, RecordType.REGULAR, "http url " + id.url()));
        } finally {
            if (!committed) {
                snapshotter.remove(key);
            }
        }
    }

    private HttpFetcher.Fetched plan(HttpIdentifier id) {
        if (id.checksum() != null) {
            return new HttpFetcher.Fetched(id.checksum(), HttpFileNames.choose(id.url(), id.filename(), null), null);
        }
        try {
            return fetcher.resolve(id);
        } catch (IOException e) {
            throw new HttpSourceException("cannot store the download of " + id.url() + ": " + e.getMessage(),
                    "check the daemon's disk", e);
        }
    }

    /** The file with upstream's mode (0600 unless {@code http.perm}), owner, and mtime (Last-Modified, else 0). */
    private void write(HttpIdentifier id, HttpFetcher.Fetched fetched, Path file) throws IOException {
        try (FileChannel in = content.openChannel(fetched.digest());
                FileChannel out = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            long size = in.size();
            for (long done = 0; done < size; ) {
                done += in.transferTo(done, size - done, out);
            }
        }
        if (id.uid() != 0 || id.gid() != 0) {
            Files.setAttribute(file, "unix:uid", id.uid(), LinkOption.NOFOLLOW_LINKS);
            Files.setAttribute(file, "unix:gid", id.gid(), LinkOption.NOFOLLOW_LINKS);
        }
        // After chown, which clears set-id bits.
        Files.setAttribute(file, "unix:mode", id.mode(), LinkOption.NOFOLLOW_LINKS);
        FileTime mtime = FileTime.from(HttpDates.parse(fetched.lastModified()).orElse(Instant.EPOCH));
        Files.getFileAttributeView(file, BasicFileAttributeView.class).setTimes(mtime, mtime, null);
    }

    private static HttpIdentifier identifier(Vertex vertex) {
        var source = vertex.op().getSource();
        return HttpIdentifier.parse(source.getIdentifier(), source.getAttrsMap());
    }
}
