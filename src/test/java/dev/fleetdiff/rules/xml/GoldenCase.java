package dev.fleetdiff.rules.xml;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * One golden case of the default pack, from files {@code rules/cases/<rule>#<case>#<part>.txt}: the command's name
 * ({@code command}), the expected alerts as "rule_id level" lines ({@code alerts}, empty for none), and the outputs
 * before and after ({@code before}, {@code after}; no before means a first poll). An output may instead be given as
 * what a program printed on the host ({@code before.ss}, {@code after.ss}): the command line then runs in sh with a
 * fake of that program first on PATH, so the case exercises the command's own normalising of noise. A part
 * {@code after.last~wtmp.1} is what the program printed when its arguments contained {@code wtmp.1}; the part without
 * {@code ~} answers every other call.
 */
record GoldenCase(String rule, String name, Map<String, Path> parts) {
    private static final long COMMAND_SECONDS = 10;

    /** Every case under a folder, sorted by rule and case name. */
    static List<GoldenCase> discover(Path dir) throws IOException {
        Map<String, Map<String, Path>> cases = new TreeMap<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path file : files.toList()) {
                String[] parts = file.getFileName().toString().split("#");
                if (parts.length != 3 || !parts[2].endsWith(".txt")) {
                    throw new IllegalStateException(file + ": expected <rule>#<case>#<part>.txt");
                }
                cases.computeIfAbsent(parts[0] + "#" + parts[1], k -> new TreeMap<>())
                        .put(parts[2].substring(0, parts[2].length() - ".txt".length()), file);
            }
        }
        return cases.entrySet().stream().map(e -> new GoldenCase(e.getKey().split("#")[0], e.getKey().split("#")[1],
                e.getValue())).toList();
    }

    String commandName() throws IOException {
        return Files.readString(required("command")).strip();
    }

    List<String> expectedAlerts() throws IOException {
        return Files.readAllLines(required("alerts")).stream().map(String::strip).filter(s -> !s.isEmpty()).toList();
    }

    /** The output of the command for "before" or "after", empty when the case has none. */
    Optional<String> output(String which, String commandLine, Path scratch) throws IOException, InterruptedException {
        if (parts.containsKey(which)) {
            return Optional.of(Files.readString(parts.get(which)));
        }
        String program = null;
        Map<String, Path> printed = new TreeMap<>();
        for (Map.Entry<String, Path> part : parts.entrySet()) {
            if (part.getKey().startsWith(which + ".")) {
                String[] fake = part.getKey().substring(which.length() + 1).split("~", 2);
                program = fake[0];
                printed.put(fake.length == 2 ? fake[1] : "", part.getValue());
            }
        }
        if (program == null) {
            return Optional.empty();
        }
        if (!printed.containsKey("")) {
            throw new IllegalStateException(rule + "#" + name + ": missing #" + which + "." + program + ".txt");
        }
        return Optional.of(runWithFake(commandLine, program, printed, scratch));
    }

    private Path required(String part) {
        Path file = parts.get(part);
        if (file == null) {
            throw new IllegalStateException(rule + "#" + name + ": missing #" + part + ".txt");
        }
        return file;
    }

    private static String runWithFake(String commandLine, String program, Map<String, Path> printed, Path scratch)
            throws IOException, InterruptedException {
        Path bin = Files.createDirectories(scratch.resolve("bin-" + System.nanoTime()));
        StringBuilder script = new StringBuilder("#!/bin/sh\ncase \"$*\" in\n");
        printed.forEach((argument, file) -> {
            if (!argument.isEmpty()) {
                script.append("  *'").append(argument).append("'*) exec cat '").append(file.toAbsolutePath())
                        .append("' ;;\n");
            }
        });
        script.append("esac\nexec cat '").append(printed.get("").toAbsolutePath()).append("'\n");
        Path fake = Files.writeString(bin.resolve(program), script);
        if (!fake.toFile().setExecutable(true)) {
            throw new IOException("cannot make " + fake + " executable");
        }
        Path output = scratch.resolve(bin.getFileName() + ".out");
        ProcessBuilder builder = new ProcessBuilder("sh", "-c", commandLine)
                .redirectError(ProcessBuilder.Redirect.DISCARD).redirectOutput(output.toFile());
        builder.environment().put("PATH", bin + ":" + System.getenv("PATH"));
        builder.environment().put("LC_ALL", "C");
        Process process = builder.start();
        if (!process.waitFor(COMMAND_SECONDS, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IllegalStateException("command did not finish in " + COMMAND_SECONDS + " s: " + commandLine);
        }
        return Files.readString(output);
    }
}
