package dev.fleetdiff.notify;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fleetdiff.files.PrivateFiles;
import dev.fleetdiff.rules.Alert;
import dev.fleetdiff.testing.LogCapture;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** alerts.jsonl across crashes: an alert written but not marked is not written twice; a torn line is repaired. */
class AlertLogTest {
    @TempDir
    Path dir;

    static Alert alert(String id) {
        return new Alert(id, Instant.parse("2026-11-27T19:56:30Z"), "web1", "ports", "netstat -tan", 140123, 7,
                "Listened ports have changed.", "new\n", "old\n", "-old\n+new\n", List.of("local"), true, true);
    }

    @Test
    void eachAlertIsOneJsonLineWithDesignFieldNames() throws Exception {
        Path file = dir.resolve("alerts.jsonl");
        new AlertLog(file).deliver(List.of(alert("a1")));
        assertThat(Files.readAllLines(file)).singleElement().asString().startsWith("{\"id\":\"a1\",\"time\":"
                + "\"2026-11-27T19:56:30Z\",\"host\":\"web1\",\"command\":\"ports\",\"command_line\":\"netstat -tan\","
                + "\"rule_id\":140123,\"level\":7,\"description\":\"Listened ports have changed.\",\"output\":\"new\\n\","
                + "\"previous_output\":\"old\\n\",\"diff\":\"-old\\n+new\\n\",\"groups\":[\"local\"]");
    }

    @Test
    void aNewLogAndTheFoldersMadeForItAreOwnerOnly() throws Exception {
        Path file = dir.resolve("log/fleetdiff/alerts.jsonl");

        new AlertLog(file).deliver(List.of(alert("a1")));

        assertThat(PrivateFiles.octal(Files.getPosixFilePermissions(file))).isEqualTo("0600");
        assertThat(PrivateFiles.octal(Files.getPosixFilePermissions(file.getParent()))).isEqualTo("0700");
        assertThat(PrivateFiles.octal(Files.getPosixFilePermissions(dir.resolve("log")))).isEqualTo("0700");
    }

    @Test
    void anExistingLogOthersCanReadIsReportedOnce() throws Exception {
        Path file = Files.createFile(dir.resolve("alerts.jsonl"));
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
        AlertLog log = new AlertLog(file);

        try (LogCapture warnings = LogCapture.of(PrivateFiles.class)) {
            log.deliver(List.of(alert("a1")));
            log.deliver(List.of(alert("a2")));
            assertThat(warnings.warnings()).singleElement().asString()
                    .startsWith(file + " is readable or writable by others (mode 0644); it holds the outputs");
        }
    }

    @Test
    void aRestartDoesNotWriteAnAlertTheFileAlreadyHolds() throws Exception {
        Path file = dir.resolve("alerts.jsonl");
        new AlertLog(file).deliver(List.of(alert("a1"), alert("a2")));
        // crash before the store marked them delivered: the restarted process hands them over again
        new AlertLog(file).deliver(List.of(alert("a1"), alert("a2"), alert("a3")));
        assertThat(Files.readAllLines(file)).extracting(l -> l.substring(7, 9)).containsExactly("a1", "a2", "a3");
    }

    @Test
    void aLineTornByACrashIsCutAndItsAlertWrittenWhole() throws Exception {
        Path file = dir.resolve("alerts.jsonl");
        String whole = AlertJson.line(alert("a1")) + "\n";
        String torn = AlertJson.line(alert("a2")).substring(0, 30);
        Files.writeString(file, whole + torn);

        new AlertLog(file).deliver(List.of(alert("a2")));

        assertThat(Files.readString(file)).isEqualTo(whole + AlertJson.line(alert("a2")) + "\n");
    }
}
