package org.jbuildkit.dockerfile.instructions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import java.util.stream.Stream;
import org.jbuildkit.dockerfile.shell.ShellLex.ShellSyntaxException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class RunMountParserTest {

    private static RunMount parse(String value) throws InstructionFlagException {
        return RunMountParser.parse(value);
    }

    @Test
    void bindIsTheDefaultTypeAndIsReadOnly() throws Exception {
        RunMount m = parse("target=/src");
        assertThat(m).isEqualTo(new RunMount(MountType.BIND, "", "", "/src", true, 0, "", null, false, null, null,
                null, null));
    }

    @Test
    void everyKeyAndAliasIsRead() throws Exception {
        assertThat(parse("type=bind,from=build,source=/out,target=/in,rw")).isEqualTo(new RunMount(MountType.BIND,
                "build", "/out", "/in", false, 0, "", null, false, null, null, null, null));
        assertThat(parse("src=a,dst=/b").source()).isEqualTo("a");
        assertThat(parse("src=a,dst=/b").target()).isEqualTo("/b");
        assertThat(parse("destination=/c").target()).isEqualTo("/c");
        assertThat(parse("TYPE=CACHE,Target=/c").type()).isEqualTo(MountType.CACHE);
        RunMount cache = parse("type=cache,target=/root/.cache,id=pip,sharing=LOCKED,mode=0700,uid=1000,gid=100");
        assertThat(cache).isEqualTo(new RunMount(MountType.CACHE, "", "", "/root/.cache", false, 0, "pip",
                MountSharing.LOCKED, false, null, 0700L, 1000L, 100L));
        assertThat(parse("type=tmpfs,target=/t,size=64m")).isEqualTo(new RunMount(MountType.TMPFS, "", "", "/t",
                false, 64L << 20, "", null, false, null, null, null, null));
        assertThat(parse("type=secret,id=tok,env=TOKEN,required")).isEqualTo(new RunMount(MountType.SECRET, "", "",
                "", true, 0, "tok", null, true, "TOKEN", null, null, null));
        assertThat(parse("type=ssh,id=gh,target=/s,required=false,uid=1,mode=0666")).isEqualTo(new RunMount(
                MountType.SSH, "", "", "/s", true, 0, "gh", null, false, null, 0666L, 1L, null));
    }

    static Stream<Arguments> readOnly() {
        return Stream.of(
                Arguments.of("target=/a", true), Arguments.of("type=secret,id=a", true),
                Arguments.of("type=ssh", true), Arguments.of("type=cache,target=/a", false),
                Arguments.of("type=tmpfs,target=/a", false), Arguments.of("target=/a,rw", false),
                Arguments.of("target=/a,readwrite", false), Arguments.of("target=/a,rw=true", false),
                Arguments.of("target=/a,readwrite=1", false), Arguments.of("target=/a,rw=false", true),
                Arguments.of("type=cache,target=/a,ro", true), Arguments.of("type=cache,target=/a,readonly", true),
                Arguments.of("type=cache,target=/a,ro=T", true), Arguments.of("target=/a,readonly=false", false),
                Arguments.of("target=/a,ro,rw", false), Arguments.of("target=/a,RO", true));
    }

    @ParameterizedTest
    @MethodSource("readOnly")
    void readOnlyDefaultsByTypeUnlessGiven(String value, boolean expected) throws Exception {
        assertThat(parse(value).readOnly()).isEqualTo(expected);
    }

    static Stream<Arguments> sizes() {
        return Stream.of(Arguments.of("100", 100L), Arguments.of("1k", 1024L), Arguments.of("1KB", 1024L),
                Arguments.of("1KiB", 1024L), Arguments.of("64m", 64L << 20), Arguments.of("1.5g", 3L << 29),
                Arguments.of("2 GiB", 2L << 30), Arguments.of("1t", 1L << 40), Arguments.of("1p", 1L << 50),
                Arguments.of("10b", 10L), Arguments.of("10B", 10L), Arguments.of("0", 0L), Arguments.of("1e3", 1000L),
                Arguments.of("0.5k", 512L), Arguments.of("10 ", 10L));
    }

    @ParameterizedTest
    @MethodSource("sizes")
    void tmpfsSizeUsesBinaryUnits(String size, long bytes) throws Exception {
        assertThat(parse("type=tmpfs,target=/t,size=" + size).sizeLimit()).isEqualTo(bytes);
    }

    @Test
    void quotedCsvFieldsMayHoldCommasAndQuotes() throws Exception {
        assertThat(parse("\"target=/a,b\",\"source=x\"\"y\"").target()).isEqualTo("/a,b");
        assertThat(parse("\"target=/a,b\",\"source=x\"\"y\"").source()).isEqualTo("x\"y");
        assertThat(parse("target=/a\n").target()).isEqualTo("/a");
    }

    @Test
    void derivedValuesFollowUpstreamsConverter() throws Exception {
        assertThat(parse("type=cache,target=/root/.cache/").cacheId()).isEqualTo("/root/.cache");
        assertThat(parse("type=cache,target=/a,id=x").cacheId()).isEqualTo("x");
        assertThat(parse("type=cache,target=/a").cacheSharing()).isEqualTo(MountSharing.SHARED);
        assertThat(parse("type=cache,target=/a,sharing=private").cacheSharing()).isEqualTo(MountSharing.PRIVATE);
        assertThat(parse("type=cache,target=/a").modeOr(RunMount.CACHE_DEFAULT_MODE)).isEqualTo(0755);
        assertThat(parse("type=cache,target=/a,uid=5").hasFileInfo()).isTrue();
        assertThat(parse("type=cache,target=/a").hasFileInfo()).isFalse();

        RunMount byId = parse("type=secret,id=aws");
        assertThat(byId.secretId()).isEqualTo("aws");
        assertThat(byId.secretTarget()).contains("/run/secrets/aws");
        assertThat(byId.modeOr(RunMount.SECRET_DEFAULT_MODE)).isEqualTo(0400);
        assertThat(byId.uidOrZero()).isZero();
        RunMount byTarget = parse("type=secret,target=/etc/creds/token");
        assertThat(byTarget.secretId()).isEqualTo("token");
        assertThat(byTarget.secretTarget()).contains("/etc/creds/token");
        assertThat(parse("type=secret,source=a/b").secretId()).isEqualTo("a/b");
        assertThat(parse("type=secret,source=a/b").secretTarget()).contains("/run/secrets/b");
        assertThat(parse("type=secret,id=tok,env=TOKEN").secretTarget()).isEmpty();
        assertThat(parse("type=secret,id=tok,env=TOKEN,target=/t").secretTarget()).contains("/t");

        assertThat(parse("type=ssh").sshId()).isEqualTo("default");
        assertThat(parse("type=ssh,id=gh").sshId()).isEqualTo("gh");
        assertThat(parse("type=ssh").modeOr(RunMount.SSH_DEFAULT_MODE)).isEqualTo(0600);
    }

    @Test
    void valuesAreExpandedFieldByFieldAfterTheSplit() throws Exception {
        Map<String, String> env = Map.of("$DIR", "/x,y", "$ID", "cache1");
        WordExpander expander = word -> env.getOrDefault(word, word);
        RunMount m = RunMountParser.parse("type=cache,target=$DIR,id=$ID", expander);
        assertThat(m.target()).isEqualTo("/x,y");
        assertThat(m.id()).isEqualTo("cache1");
    }

    @Test
    void expanderErrorsPassThrough() {
        WordExpander failing = word -> {
            throw new ShellSyntaxException("bad substitution");
        };
        assertThatThrownBy(() -> RunMountParser.parse("target=${", failing))
                .isInstanceOf(ShellSyntaxException.class).hasMessage("bad substitution");
    }

    @Test
    void fromRefusesVariablesBeforeAnyExpansion() {
        WordExpander mustNotRun = word -> {
            throw new AssertionError("expanded " + word);
        };
        assertThatThrownBy(() -> RunMountParser.parse("target=/a,from=$STAGE", mustNotRun))
                .isInstanceOf(InstructionFlagException.class)
                .hasMessage("'from' doesn't support variable expansion, define alias stage instead"
                        + " (FROM ${IMAGE} AS alias, then --mount=from=alias)");
    }

    @Test
    void fromMayEndWithADollar() throws Exception {
        assertThat(parse("from=a$,target=/a").from()).isEqualTo("a$");
    }

    static Stream<Arguments> errors() {
        return Stream.of(
                Arguments.of("", "failed to parse csv mounts: EOF (quote a whole field, e.g. \"target=/a,b\", and"
                        + " double any quote inside it)"),
                Arguments.of("target=/a\"b", "failed to parse csv mounts: parse error on line 1, column 10: bare \" in"
                        + " non-quoted-field (quote a whole field, e.g. \"target=/a,b\", and double any quote inside it)"),
                Arguments.of("\"target=/a", "failed to parse csv mounts: parse error on line 1, column 2: extraneous or"
                        + " missing \" in quoted-field (quote a whole field, e.g. \"target=/a,b\", and double any quote"
                        + " inside it)"),
                Arguments.of("\"target=/a\"x", "failed to parse csv mounts: parse error on line 1, column 11: extraneous"
                        + " or missing \" in quoted-field (quote a whole field, e.g. \"target=/a,b\", and double any"
                        + " quote inside it)"),
                Arguments.of("type=bnd", "unsupported mount type \"bnd\" (did you mean bind?)"),
                Arguments.of("type=volume", "unsupported mount type \"volume\" (type is one of bind, cache, tmpfs,"
                        + " secret, ssh)"),
                Arguments.of("target=/a,foo", "invalid field 'foo' must be a key=value pair (only ro, rw, readonly,"
                        + " readwrite and required stand alone)"),
                Arguments.of("target=/a,ro=maybe", "invalid value for ro: maybe (use true or false)"),
                Arguments.of("target=/a,readwrite=yes", "invalid value for readwrite: yes (use true or false)"),
                Arguments.of("target=/a,required", "unexpected key 'required' for mount type 'bind' (required applies"
                        + " to type=secret and type=ssh only; write type= before it)"),
                Arguments.of("required=true,type=secret,id=a", "unexpected key 'required' for mount type 'bind'"
                        + " (required applies to type=secret and type=ssh only; write type= before it)"),
                Arguments.of("type=secret,id=a,required=sure", "invalid value for required: sure (use true or false)"),
                Arguments.of("type=cache,target=/a,size=1m", "unexpected key 'size' for mount type 'cache' (size"
                        + " applies to type=tmpfs only; write type= before it)"),
                Arguments.of("type=tmpfs,target=/a,size=lots", "invalid value for size: lots (give bytes or a unit:"
                        + " 64m, 1.5g, 512KiB)"),
                Arguments.of("type=tmpfs,target=/a,size=1x", "invalid value for size: 1x (give bytes or a unit: 64m,"
                        + " 1.5g, 512KiB)"),
                Arguments.of("type=tmpfs,target=/a,size=1kbb", "invalid value for size: 1kbb (give bytes or a unit:"
                        + " 64m, 1.5g, 512KiB)"),
                Arguments.of("type=tmpfs,target=/a,size=-1", "invalid value for size: -1 (give bytes or a unit: 64m,"
                        + " 1.5g, 512KiB)"),
                Arguments.of("type=cache,target=/a,sharing=shard", "unsupported sharing value \"shard\" (did you mean"
                        + " shared?)"),
                Arguments.of("type=cache,target=/a,sharing=all", "unsupported sharing value \"all\" (sharing is one of"
                        + " shared, private, locked)"),
                Arguments.of("type=cache,target=/a,mode=0800", "invalid value 0800 for mode (give an octal mode such as"
                        + " 0755)"),
                Arguments.of("type=cache,target=/a,mode=-1", "invalid value -1 for mode (give an octal mode such as"
                        + " 0755)"),
                Arguments.of("type=cache,target=/a,uid=root", "invalid value root for uid (give a numeric user id such"
                        + " as 1000)"),
                Arguments.of("type=cache,target=/a,uid=4294967296", "invalid value 4294967296 for uid (give a numeric"
                        + " user id such as 1000)"),
                Arguments.of("type=cache,target=/a,gid=", "invalid value  for gid (give a numeric group id such as"
                        + " 1000)"),
                Arguments.of("target=/a,taget=/b", "unexpected key 'taget' in 'taget=/b' (did you mean target?)"),
                Arguments.of("target=/a,colour=red", "unexpected key 'colour' in 'colour=red' (keys are type, from,"
                        + " source, target, readonly, id, sharing, required, size, mode, uid, gid, src, dst,"
                        + " destination, ro, rw, readwrite, env)"),
                Arguments.of("target=/a,mode=0755", "mode not allowed for \"bind\" type mounts (mode, uid and gid apply"
                        + " to cache, secret and ssh mounts)"),
                Arguments.of("type=tmpfs,target=/a,uid=1", "uid not allowed for \"tmpfs\" type mounts (mode, uid and"
                        + " gid apply to cache, secret and ssh mounts)"),
                Arguments.of("target=/a,gid=1", "gid not allowed for \"bind\" type mounts (mode, uid and gid apply to"
                        + " cache, secret and ssh mounts)"),
                Arguments.of("type=secret,id=a,from=b", "secret mount should not have a from (secrets come from the"
                        + " client's --secret; remove from=)"),
                Arguments.of("type=secret,id=a,sharing=locked", "secret mount should not define sharing (remove"
                        + " sharing=)"),
                Arguments.of("type=secret", "invalid secret mount. one of source, target required (give id=NAME to"
                        + " name the secret passed with --secret id=NAME)"),
                Arguments.of("type=secret,source=a,id=b", "both source and id can't be set (both name the secret;"
                        + " keep id=)"),
                Arguments.of("target=/a,sharing=shared", "invalid cache sharing set for bind mount (sharing applies to"
                        + " type=cache only)"),
                Arguments.of("type=ssh,source=/k", "ssh does not support source (name the agent or key with id= and"
                        + " pass it with --ssh ID=PATH)"));
    }

    @ParameterizedTest
    @MethodSource("errors")
    void refusesAsUpstream(String value, String message) {
        assertThatThrownBy(() -> parse(value)).isInstanceOf(InstructionFlagException.class).hasMessage(message);
    }
}
