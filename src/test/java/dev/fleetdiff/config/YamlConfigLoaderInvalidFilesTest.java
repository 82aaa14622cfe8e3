package dev.fleetdiff.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Each src/test/resources/config/invalid-*.yaml starts with {@code # expect: <message>} and {@code # line: <n>}; loading it
 * must fail with exactly that message (after {@code file:line: }) at that line. {@code ${dir}} stands for the file's folder
 * and {@code ${home}} for the test user's home.
 */
class YamlConfigLoaderInvalidFilesTest {
    private static final String EXPECT = "# expect: ";
    private static final String LINE = "# line: ";
    private static final int MIN_CASES = 20;

    @TempDir
    static Path home;

    static Stream<Path> invalidFiles() throws IOException, URISyntaxException {
        Path folder = Path.of(Objects.requireNonNull(YamlConfigLoaderInvalidFilesTest.class.getResource("/config")).toURI());
        try (Stream<Path> files = Files.list(folder)) {
            return files.filter(f -> f.getFileName().toString().matches("invalid-.*\\.yaml")).sorted().toList().stream();
        }
    }

    @Test
    void thereAreEnoughCases() throws Exception {
        assertThat(invalidFiles().count()).isGreaterThanOrEqualTo(MIN_CASES);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalidFiles")
    void failsWithTheExpectedMessageAndLine(Path file) throws Exception {
        YamlConfigLoaderTest.touch(home.resolve(".ssh/id_ed25519"));
        List<String> header = Files.readAllLines(file).subList(0, 2);
        assertThat(header.get(0)).as("first line of " + file).startsWith(EXPECT);
        assertThat(header.get(1)).as("second line of " + file).startsWith(LINE);
        String expected = header.get(0).substring(EXPECT.length())
                .replace("${dir}", file.getParent().toString())
                .replace("${home}", home.toString());
        int line = Integer.parseInt(header.get(1).substring(LINE.length()).strip());

        ConfigException e = catchThrowableOfType(ConfigException.class,
                () -> YamlConfigLoader.load(file, new LocalUser("tester", home)));

        assertThat(e).as("loading " + file.getFileName() + " must fail").isNotNull();
        assertThat(e.file()).isEqualTo(file);
        assertThat(e.line()).as("line").isEqualTo(line);
        String location = line > 0 ? file + ":" + line + ": " : file + ": ";
        assertThat(e.getMessage()).startsWith(location);
        assertThat(e.getMessage().substring(location.length())).isEqualTo(expected);
    }
}
