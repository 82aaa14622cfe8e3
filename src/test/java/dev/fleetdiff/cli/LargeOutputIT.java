package dev.fleetdiff.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A 64 MiB output that changes on every line, polled twice by {@code fleetdiff poll} in a JVM with a 256 MiB heap:
 * it must finish, print a bounded console report and write a bounded alert that says how to see all of it.
 */
class LargeOutputIT {
    static final long OUTPUT_BYTES = 64L * 1024 * 1024;
    static final String HEAP = "-Xmx256m";
    /** Bounds the child's run on a loaded machine; it takes about a minute. */
    static final long PATIENCE_MINUTES = 10;

    @TempDir
    Path dir;

    @Test
    void aHugeChangeRunsInABoundedHeapAndYieldsABoundedAlertAndReport() throws Exception {
        String java = ProcessHandle.current().info().command()
                .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        Process child = new ProcessBuilder(java, HEAP, "-cp", System.getProperty("java.class.path"),
                LargeOutputRun.class.getName(), dir.toString(), String.valueOf(OUTPUT_BYTES), "1")
                .redirectErrorStream(true).redirectOutput(dir.resolve("child.log").toFile()).start();
        try {
            assertThat(child.waitFor(PATIENCE_MINUTES, TimeUnit.MINUTES)).as("the child finished").isTrue();
        } finally {
            child.destroyForcibly();
        }
        String log = Files.readString(dir.resolve("child.log"), StandardCharsets.UTF_8);
        assertThat(child.exitValue()).as(log).isZero();
        String report = log.lines().filter(line -> line.startsWith("exit=")).findFirst().orElseThrow();
        assertThat(report).as("baseline, then changed").startsWith("exit=0,1 ");
        assertThat(number(report, "printed_bytes")).as("console bytes").isLessThan(128 * 1024);
        assertThat(number(report, "alerts_jsonl_bytes")).as("alerts.jsonl bytes").isLessThan(256 * 1024);

        List<String> lines = Files.readAllLines(dir.resolve("alerts.jsonl"));
        assertThat(lines).hasSize(1);
        Map<String, String> alert = fields(lines.get(0));
        assertThat(alert).containsEntry("output_truncated", "true")
                .containsEntry("output_chars", String.valueOf(OUTPUT_BYTES))
                .containsEntry("previous_output_chars", String.valueOf(OUTPUT_BYTES))
                .containsEntry("diff_truncated", "true").containsEntry("version", "2");
        assertThat(alert.get("diff")).endsWith(
                " more characters not shown; run: fleetdiff diff --host web1 --command big --from 1 --to 2 ]");
    }

    /** The scalar fields of a JSON object, as text. */
    private static Map<String, String> fields(String json) throws Exception {
        Map<String, String> fields = new HashMap<>();
        try (JsonParser parser = new JsonFactory().createParser(json)) {
            parser.nextToken();
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String name = parser.currentName();
                if (parser.nextToken().isScalarValue()) {
                    fields.put(name, parser.getText());
                } else {
                    parser.skipChildren();
                }
            }
        }
        return fields;
    }

    private static long number(String report, String key) {
        for (String field : report.split(" ")) {
            if (field.startsWith(key + "=")) {
                return Long.parseLong(field.substring(key.length() + 1));
            }
        }
        throw new AssertionError(key + " missing from: " + report);
    }
}
