package dev.fleetdiff.cli;

import dev.fleetdiff.testing.ClientKey;
import dev.fleetdiff.testing.FakeHost;
import dev.fleetdiff.testing.Reply;
import java.io.OutputStream;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A child-JVM program for measuring what a large output costs: one fake host prints {@code bytes} of numbered lines,
 * {@code fleetdiff poll} runs twice with the output changed in between, and the program prints one line with the
 * peak heap, the bytes poll printed and the size of alerts.jsonl. Arguments: folder, bytes, tagEvery.
 */
public final class LargeOutputRun {
    private LargeOutputRun() {
    }

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        long bytes = Long.parseLong(args[1]);
        int tagEvery = Integer.parseInt(args[2]);
        ClientKey key = ClientKey.ed25519(dir);
        try (FakeHost host = FakeHost.start(key.publicKey())) {
            host.addTo(dir.resolve("known_hosts"));
            Path config = dir.resolve("hosts.yaml");
            Files.writeString(config, """
                    settings:
                      known_hosts: known_hosts
                      rules: builtin
                    defaults:
                      identity: %s
                      max_output: 1GiB
                      command_timeout: 600s
                    commands:
                      big: { run: big }
                    groups:
                      all:
                        commands: [big]
                        hosts:
                          - { name: web1, address: %s, port: %d }
                    """.formatted(key.privateKeyFile(), FakeHost.ADDRESS, host.port()));
            AtomicLong printed = new AtomicLong();
            PrintStream console = System.out;
            System.setOut(new PrintStream(new OutputStream() {
                @Override
                public void write(int b) {
                    printed.incrementAndGet();
                }

                @Override
                public void write(byte[] b, int off, int len) {
                    printed.addAndGet(len);
                }
            }, true));
            host.reply("big", Reply.lines(bytes, "first", tagEvery));
            int baseline = Main.execute("--config", config.toString(), "poll", "--all");
            host.reply("big", Reply.lines(bytes, "second", tagEvery));
            int changed = Main.execute("--config", config.toString(), "poll", "--all");
            System.setOut(console);
            long peak = 0;
            for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
                if (pool.getType() == MemoryType.HEAP) {
                    peak += pool.getPeakUsage().getUsed();
                }
            }
            Path alerts = dir.resolve("alerts.jsonl");
            long logged = Files.exists(alerts) ? Files.size(alerts) : -1;
            System.out.printf("exit=%d,%d peak_heap_mib=%d printed_bytes=%d alerts_jsonl_bytes=%d%n", baseline, changed,
                    peak >> 20, printed.get(), logged);
        }
    }
}
