package org.jbuildkit.daemon.worker.snapshot;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The snapshot directories under {@code <root>/snapshots/<id>/} and what each is (active, view or committed,
 * its key and parent), kept next to it in {@code info.json} so the chain survives restarts. Until the worker's
 * metadata store holds snapshot chains, this is their record.
 */
final class SnapshotStore {
    private static final Logger LOG = LoggerFactory.getLogger(SnapshotStore.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String INFO = "info.json";

    enum Kind { ACTIVE, VIEW, COMMITTED }

    /** One snapshot's record; {@code key} is null once committed, {@code parent} null for a base. */
    record Info(String id, Kind kind, String key, String parent) {
        SnapshotId snapshotId() {
            return new SnapshotId(id);
        }

        Optional<SnapshotId> parentId() {
            return parent == null ? Optional.empty() : Optional.of(new SnapshotId(parent));
        }
    }

    private final Path snapshots;
    private final Map<String, Info> byId = new HashMap<>();
    private long lastId;

    SnapshotStore(Path root) throws IOException {
        this.snapshots = root.resolve("snapshots");
        Files.createDirectories(snapshots);
        load();
    }

    Path snapshotsDir() {
        return snapshots;
    }

    Path dir(SnapshotId id) {
        return snapshots.resolve(id.value());
    }

    synchronized Info create(Kind kind, String key, SnapshotId parent) throws IOException {
        if (key == null || key.isBlank()) {
            throw new IllegalArgumentException("a snapshot key must not be empty");
        }
        if (findKey(key).isPresent()) {
            throw new SnapshotException("snapshot key '" + key + "' is already in use: commit or remove it first");
        }
        if (parent != null) {
            Info p = get(parent);
            if (p.kind() != Kind.COMMITTED) {
                throw new SnapshotException("snapshot " + parent + " is not committed: only committed snapshots"
                        + " can be parents");
            }
        }
        var info = new Info(Long.toString(++lastId), kind, key, parent == null ? null : parent.value());
        Files.createDirectory(snapshots.resolve(info.id()));
        write(info);
        byId.put(info.id(), info);
        return info;
    }

    synchronized Info byKey(String key) throws SnapshotException {
        return findKey(key).orElseThrow(() -> new SnapshotException("no active snapshot or view named '" + key + "'"));
    }

    synchronized Info get(SnapshotId id) throws SnapshotException {
        Info info = byId.get(id.value());
        if (info == null) {
            throw new SnapshotException("snapshot " + id + " does not exist under " + snapshots);
        }
        return info;
    }

    synchronized Info commit(String key) throws IOException {
        Info active = byKey(key);
        if (active.kind() != Kind.ACTIVE) {
            throw new SnapshotException("'" + key + "' is a read-only view: only active snapshots can be committed");
        }
        var committed = new Info(active.id(), Kind.COMMITTED, null, active.parent());
        write(committed);
        byId.put(committed.id(), committed);
        return committed;
    }

    /** The committed layers a snapshot stands on, nearest parent first. */
    synchronized List<SnapshotId> ancestors(Info info) throws SnapshotException {
        var chain = new ArrayList<SnapshotId>();
        Optional<SnapshotId> next = info.parentId();
        while (next.isPresent()) {
            chain.add(next.get());
            next = get(next.get()).parentId();
        }
        return chain;
    }

    synchronized void delete(Info info) throws IOException {
        for (Info other : byId.values()) {
            if (info.id().equals(other.parent())) {
                throw new SnapshotException("snapshot " + info.id() + " is the parent of snapshot " + other.id()
                        + (other.key() == null ? "" : " ('" + other.key() + "')") + ": remove that first");
            }
        }
        Path dir = snapshots.resolve(info.id());
        // Drop the record first: a crash mid-delete leaves a directory without info.json, swept at load.
        Files.deleteIfExists(dir.resolve(INFO));
        byId.remove(info.id());
        PosixFiles.deleteRecursively(dir);
    }

    private Optional<Info> findKey(String key) {
        return byId.values().stream().filter(i -> key.equals(i.key())).findFirst();
    }

    private void write(Info info) throws IOException {
        writeAtomically(snapshots.resolve(info.id()).resolve(INFO), JSON.writeValueAsBytes(info));
    }

    /** Replaces {@code target} with {@code content} so that a crash leaves the old or the new file, never half. */
    static void writeAtomically(Path target, byte[] content) throws IOException {
        Path tmp = target.resolveSibling(target.getFileName() + ".tmp");
        Files.write(tmp, content);
        try (var channel = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
            channel.force(true);
        }
        Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    private void load() throws IOException {
        try (DirectoryStream<Path> dirs = Files.newDirectoryStream(snapshots)) {
            for (Path dir : dirs) {
                String name = dir.getFileName().toString();
                if (!name.matches("[0-9]{1,18}")) {
                    continue;
                }
                lastId = Math.max(lastId, Long.parseLong(name));
                Path info = dir.resolve(INFO);
                if (!Files.exists(info)) {
                    LOG.warn("removing snapshot directory {} left without a record by an interrupted run", dir);
                    PosixFiles.deleteRecursively(dir);
                    continue;
                }
                byId.put(name, JSON.readValue(info.toFile(), Info.class));
            }
        }
    }
}
