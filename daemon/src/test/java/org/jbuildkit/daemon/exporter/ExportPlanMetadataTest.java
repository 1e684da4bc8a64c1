package org.jbuildkit.daemon.exporter;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.jbuildkit.daemon.solver.ExecContext;
import org.jbuildkit.daemon.solver.ProgressSink;
import org.jbuildkit.session.manager.Caller;
import org.junit.jupiter.api.Test;

class ExportPlanMetadataTest {

    @Test
    void theFrontendsImageConfigReachesEveryExporterWithTheResult() throws Exception {
        byte[] config = "{\"config\":{\"Env\":[\"A=b\"]}}".getBytes(StandardCharsets.UTF_8);
        AtomicReference<ExportSource> seen = new AtomicReference<>();
        ExporterInstance recording = new ExporterInstance() {
            @Override
            public String name() {
                return "recording";
            }

            @Override
            public void check(Caller session) {
            }

            @Override
            public Map<String, String> export(ExportSource result, Caller session, ExecContext progress) {
                seen.set(result);
                return Map.of("seen", "yes");
            }
        };
        ExportPlan plan = new ExportPlan(List.of(recording), Runnable::run, Clock.systemUTC());
        Caller session = (Caller) java.lang.reflect.Proxy.newProxyInstance(Caller.class.getClassLoader(),
                new Class<?>[] {Caller.class}, (proxy, method, args) -> method.getName().equals("id") ? "s1" : null);
        Map<String, String> response = plan.export(null, Map.of(ExportSource.IMAGE_CONFIG, config), session,
                ProgressSink.NONE, () -> false).get();
        assertThat(response).containsEntry("seen", "yes");
        assertThat(seen.get().metadata(ExportSource.IMAGE_CONFIG)).hasValue(config);
        assertThat(seen.get().metadata("other")).isEmpty();
        assertThat(seen.get().snapshot()).isEmpty();
    }
}
