package org.jbuildkit.client.output;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class TabWriterTest {

    static String upstream(String name) throws IOException {
        try (InputStream in = TabWriterTest.class.getResourceAsStream("/upstream-output/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void workersTableHasUpstreamsTabs() throws IOException {
        String out = TabWriter.upstream()
                .println("ID\tPLATFORMS")
                .println("ka4da4b2arj2et6decmy6bomr\tlinux/amd64,linux/amd64/v2,linux/amd64/v3,linux/386")
                .render();
        assertThat(out).isEqualTo(upstream("debug-workers.txt"));
    }

    @Test
    void nestedBlocksAlignPerBlockAsGoTabwriterDoes() throws IOException {
        TabWriter tw = TabWriter.upstream()
                .println("ID:\tka4da4b2arj2et6decmy6bomr")
                .println("Platforms:\tlinux/amd64,linux/amd64/v2,linux/amd64/v3,linux/386")
                .println("BuildKit:\tgithub.com/moby/buildkit 0.0.0+unknown ")
                .println("Labels:")
                .println("\torg.mobyproject.buildkit.worker.executor:\toci")
                .println("\torg.mobyproject.buildkit.worker.hostname:\tvm")
                .println("\torg.mobyproject.buildkit.worker.network:\thost")
                .println("\torg.mobyproject.buildkit.worker.oci.process-mode:\tsandbox")
                .println("\torg.mobyproject.buildkit.worker.selinux.enabled:\tfalse")
                .println("\torg.mobyproject.buildkit.worker.snapshotter:\toverlayfs");
        String[][] rules = {
            {"false", "type==source.local,type==exec.cachemount,type==source.git.checkout", "48h0m0s", "512MB"},
            {"false", null, "1440h0m0s", "26GB"},
            {"false", null, null, "26GB"},
            {"true", null, null, "26GB"},
        };
        for (int i = 0; i < rules.length; i++) {
            tw.println("GC Policy rule#" + i + ":");
            tw.println("\tAll:\t" + rules[i][0]);
            if (rules[i][1] != null) {
                tw.println("\tFilters:\t" + rules[i][1]);
            }
            if (rules[i][2] != null) {
                tw.println("\tKeep Duration:\t" + rules[i][2]);
            }
            tw.println("\tKeep Bytes:\t" + rules[i][3]);
        }
        tw.println("");
        assertThat(tw.render()).isEqualTo(upstream("debug-workers-v.txt"));
    }

    @Test
    void summaryIsItsOwnBlock() throws IOException {
        String expected = upstream("du.txt");
        String summary = expected.substring(expected.indexOf("Reclaimable:"));
        assertThat(TabWriter.upstream().println("Reclaimable:\t297.00MB").println("Total:\t297.00MB").render())
                .isEqualTo(summary);
    }

    @Test
    void wideCharactersCountAsOneColumn() {
        assertThat(TabWriter.upstream().println("é\tx").println("abc\ty").render()).isEqualTo("é\tx\nabc\ty\n");
    }
}
