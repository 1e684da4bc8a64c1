package org.jbuildkit.api;

import com.google.protobuf.ByteString;
import com.google.protobuf.Message;
import java.util.stream.Stream;
import org.jbuildkit.api.pb.BuildInput;
import org.jbuildkit.api.pb.BuildOp;
import org.jbuildkit.api.pb.CacheOpt;
import org.jbuildkit.api.pb.CacheSharingOpt;
import org.jbuildkit.api.pb.ChownOpt;
import org.jbuildkit.api.pb.Definition;
import org.jbuildkit.api.pb.DiffOp;
import org.jbuildkit.api.pb.ExecOp;
import org.jbuildkit.api.pb.ExportCache;
import org.jbuildkit.api.pb.FileAction;
import org.jbuildkit.api.pb.FileActionCopy;
import org.jbuildkit.api.pb.FileActionMkDir;
import org.jbuildkit.api.pb.FileActionMkFile;
import org.jbuildkit.api.pb.FileActionRm;
import org.jbuildkit.api.pb.FileActionSymlink;
import org.jbuildkit.api.pb.FileOp;
import org.jbuildkit.api.pb.Input;
import org.jbuildkit.api.pb.Location;
import org.jbuildkit.api.pb.Locations;
import org.jbuildkit.api.pb.LowerDiffInput;
import org.jbuildkit.api.pb.MergeInput;
import org.jbuildkit.api.pb.MergeOp;
import org.jbuildkit.api.pb.Meta;
import org.jbuildkit.api.pb.Mount;
import org.jbuildkit.api.pb.MountType;
import org.jbuildkit.api.pb.NamedUserOpt;
import org.jbuildkit.api.pb.NetMode;
import org.jbuildkit.api.pb.Op;
import org.jbuildkit.api.pb.OpMetadata;
import org.jbuildkit.api.pb.Platform;
import org.jbuildkit.api.pb.Position;
import org.jbuildkit.api.pb.Range;
import org.jbuildkit.api.pb.SSHOpt;
import org.jbuildkit.api.pb.SecretOpt;
import org.jbuildkit.api.pb.Source;
import org.jbuildkit.api.pb.SourceInfo;
import org.jbuildkit.api.pb.SourceOp;
import org.jbuildkit.api.pb.TmpfsOpt;
import org.jbuildkit.api.pb.UpperDiffInput;
import org.jbuildkit.api.pb.UserOpt;
import org.jbuildkit.api.pb.WorkerConstraints;

/** LLB shaped like what the Dockerfile frontend emits: one of each op type, mount kind and file action. */
final class LlbSamples {

    private static final String BASE = "sha256:" + "ab".repeat(32);
    private static final Platform LINUX_AMD64 = Platform.newBuilder().setArchitecture("amd64").setOS("linux").build();

    private LlbSamples() {
    }

    static Stream<Message> all() {
        return Stream.concat(eachOpType(), Stream.of(definition()));
    }

    /** exec, source, file, build, merge, diff: in oneof field order. */
    static Stream<Op> eachOpType() {
        return Stream.of(execOp(), sourceOp(), fileOp(), buildOp(), mergeOp(), diffOp());
    }

    static Op sourceOp() {
        return Op.newBuilder()
                .setSource(SourceOp.newBuilder()
                        .setIdentifier("docker-image://docker.io/library/alpine:latest")
                        .putAttrs("image.recordtype", "internal"))
                .setPlatform(LINUX_AMD64)
                .setConstraints(WorkerConstraints.getDefaultInstance())
                .build();
    }

    /** Mounts in order: rootfs bind, cache, secret, ssh, tmpfs. */
    static Op execOp() {
        Meta meta = Meta.newBuilder()
                .addArgs("/bin/sh").addArgs("-c").addArgs("make")
                .addEnv("PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin")
                .setCwd("/src").setUser("1000:1000")
                .addValidExitCodes(0).addValidExitCodes(2)
                .setRemoveMountStubsRecursive(true)
                .build();
        return Op.newBuilder()
                .addInputs(Input.newBuilder().setDigest(BASE).setIndex(0))
                .setExec(ExecOp.newBuilder()
                        .setMeta(meta)
                        .setNetwork(NetMode.NONE)
                        .addMounts(Mount.newBuilder().setInput(0).setDest("/").setOutput(0))
                        .addMounts(Mount.newBuilder().setInput(-1).setDest("/root/.cache").setOutput(-1)
                                .setMountType(MountType.CACHE)
                                .setCacheOpt(CacheOpt.newBuilder().setID("go-build")
                                        .setSharing(CacheSharingOpt.LOCKED)))
                        .addMounts(Mount.newBuilder().setInput(-1).setDest("/run/secrets/token").setOutput(-1)
                                .setMountType(MountType.SECRET)
                                .setSecretOpt(SecretOpt.newBuilder().setID("token").setMode(0400).setOptional(true)))
                        .addMounts(Mount.newBuilder().setInput(-1).setDest("/run/buildkit/ssh_agent.0").setOutput(-1)
                                .setMountType(MountType.SSH)
                                .setSSHOpt(SSHOpt.newBuilder().setID("default").setMode(0600)))
                        .addMounts(Mount.newBuilder().setInput(-1).setDest("/tmp").setOutput(-1)
                                .setMountType(MountType.TMPFS)
                                .setTmpfsOpt(TmpfsOpt.newBuilder().setSize(64L << 20))))
                .setPlatform(LINUX_AMD64)
                .build();
    }

    /** Actions in order: copy, mkfile, mkdir, rm, symlink. */
    static Op fileOp() {
        ChownOpt owner = ChownOpt.newBuilder()
                .setUser(UserOpt.newBuilder().setByName(NamedUserOpt.newBuilder().setName("app").setInput(0)))
                .setGroup(UserOpt.newBuilder().setByID(1000))
                .build();
        return Op.newBuilder()
                .addInputs(Input.newBuilder().setDigest(BASE).setIndex(0))
                .setFile(FileOp.newBuilder()
                        .addActions(FileAction.newBuilder().setInput(0).setSecondaryInput(-1).setOutput(-1)
                                .setCopy(FileActionCopy.newBuilder().setSrc("/src").setDest("/app/").setOwner(owner)
                                        .setMode(-1).setFollowSymlink(true).setDirCopyContents(true)
                                        .setCreateDestPath(true).setAllowWildcard(true).setAllowEmptyWildcard(true)
                                        .setTimestamp(-1).addExcludePatterns("*.md")))
                        .addActions(FileAction.newBuilder().setInput(1).setSecondaryInput(-1).setOutput(-1)
                                .setMkfile(FileActionMkFile.newBuilder().setPath("/app/run.sh").setMode(0755)
                                        .setData(ByteString.copyFromUtf8("#!/bin/sh\n")).setTimestamp(-1)))
                        .addActions(FileAction.newBuilder().setInput(2).setSecondaryInput(-1).setOutput(-1)
                                .setMkdir(FileActionMkDir.newBuilder().setPath("/app/data").setMode(0755)
                                        .setMakeParents(true).setOwner(owner).setTimestamp(-1)))
                        .addActions(FileAction.newBuilder().setInput(3).setSecondaryInput(-1).setOutput(-1)
                                .setRm(FileActionRm.newBuilder().setPath("/app/*.tmp").setAllowNotFound(true)
                                        .setAllowWildcard(true)))
                        .addActions(FileAction.newBuilder().setInput(4).setSecondaryInput(-1).setOutput(0)
                                .setSymlink(FileActionSymlink.newBuilder().setOldpath("run.sh")
                                        .setNewpath("/app/start").setTimestamp(-1))))
                .setPlatform(LINUX_AMD64)
                .build();
    }

    static Op buildOp() {
        return Op.newBuilder()
                .addInputs(Input.newBuilder().setDigest(BASE).setIndex(0))
                .setBuild(BuildOp.newBuilder()
                        .setBuilder(-1)
                        .putInputs("buildkit.llb.definition", BuildInput.newBuilder().setInput(0).build())
                        .putAttrs("llb.customname", "nested"))
                .build();
    }

    static Op mergeOp() {
        return Op.newBuilder()
                .addInputs(Input.newBuilder().setDigest(BASE).setIndex(0))
                .addInputs(Input.newBuilder().setDigest(BASE).setIndex(1))
                .setMerge(MergeOp.newBuilder()
                        .addInputs(MergeInput.newBuilder().setInput(0))
                        .addInputs(MergeInput.newBuilder().setInput(1)))
                .build();
    }

    static Op diffOp() {
        return Op.newBuilder()
                .addInputs(Input.newBuilder().setDigest(BASE).setIndex(0))
                .addInputs(Input.newBuilder().setDigest(BASE).setIndex(1))
                .setDiff(DiffOp.newBuilder()
                        .setLower(LowerDiffInput.newBuilder().setInput(0))
                        .setUpper(UpperDiffInput.newBuilder().setInput(1)))
                .build();
    }

    /** A graph with per-op metadata and a Dockerfile source map. */
    static Definition definition() {
        byte[] source = DeterministicProto.marshal(sourceOp());
        String sourceDigest = "sha256:" + "cd".repeat(32);
        return Definition.newBuilder()
                .addDef(ByteString.copyFrom(source))
                .putMetadata(sourceDigest, OpMetadata.newBuilder()
                        .putDescription("llb.customname", "[1/2] FROM alpine")
                        .putCaps("source.image", true)
                        .setExportCache(ExportCache.newBuilder().setValue(true))
                        .build())
                .setSource(Source.newBuilder()
                        .putLocations(sourceDigest, Locations.newBuilder()
                                .addLocations(Location.newBuilder().setSourceIndex(0)
                                        .addRanges(Range.newBuilder()
                                                .setStart(Position.newBuilder().setLine(1))
                                                .setEnd(Position.newBuilder().setLine(1).setCharacter(12))))
                                .build())
                        .addInfos(SourceInfo.newBuilder().setFilename("Dockerfile").setLanguage("Dockerfile")
                                .setData(ByteString.copyFromUtf8("FROM alpine\n"))))
                .build();
    }
}
