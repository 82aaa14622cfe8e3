package dev.fleetdiff.config;

import dev.fleetdiff.inventory.Command;
import dev.fleetdiff.inventory.Inventory;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.Node;

/**
 * Loads hosts.yaml into settings and an inventory, or fails with a {@link ConfigException} naming the file, the line,
 * what was expected and what to do.
 *
 * <p>The file is only composed into YAML nodes, never constructed into objects, so no YAML tag can instantiate a
 * class; size, line length, nesting and aliases are bounded, so a hostile or broken file fails fast.
 */
public final class YamlConfigLoader {
    static final List<String> SECTIONS = List.of("settings", "defaults", "commands", "groups");
    static final int MAX_FILE_BYTES = 16 * 1024 * 1024;
    /**
     * Longest line, in chars: SnakeYAML scans one token in time quadratic in its length (a 16 MiB scalar takes about a
     * minute), and no token spans lines longer than the line holding it; at this bound a full file parses in about a
     * second.
     */
    static final int MAX_LINE_CHARS = 64 * 1024;
    static final int MAX_ALIASES_FOR_COLLECTIONS = 50;
    static final int MAX_NESTING_DEPTH = 20;

    private YamlConfigLoader() {
    }

    /** Loads a hosts.yaml; {@code ~} means the current user's home, who is also the default SSH user. */
    public static FleetConfig load(Path file) throws ConfigException {
        return load(file, LocalUser.current());
    }

    static FleetConfig load(Path file, LocalUser user) throws ConfigException {
        Source source = new Source(file, user);
        Node root = compose(source, read(source));
        if (root == null) {
            throw source.error(0, "the file is empty; expected a mapping with the sections " + String.join(", ", SECTIONS)
                    + "; start from hosts.yaml.example");
        }
        Section top = Section.of(source, "", root, SECTIONS);
        Settings settings = SettingsReader.read(top);
        Section defaults = top.sectionOrEmpty("defaults", HostLayer.KEYS);
        HostLayer defaultLayer = HostLayer.read(defaults);
        Map<String, Command> commands = CommandsReader.read(top);
        List<GroupsReader.Group> groups = GroupsReader.read(top, commands);
        Map<String, List<String>> members = new LinkedHashMap<>();
        groups.forEach(g -> members.put(g.name(), g.hosts().stream().map(GroupsReader.Listing::name).toList()));
        HostResolver hosts = new HostResolver(source, defaultLayer, groups);
        return new FleetConfig(file, settings, new Inventory(hosts.hosts(), commands, members));
    }

    private static String read(Source source) throws ConfigException {
        Path file = source.file();
        String text;
        try (InputStream in = Files.newInputStream(file)) {
            // Files.size() is 0 for a device or a pipe (--config /dev/zero), so read at most one byte past the cap.
            byte[] bytes = in.readNBytes(MAX_FILE_BYTES + 1);
            if (bytes.length > MAX_FILE_BYTES) {
                throw source.error(0, "the file is larger than " + Units.bytes(MAX_FILE_BYTES)
                        + "; give --config a regular file, and split a larger fleet into several config files");
            }
            text = StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw source.error(0, "the file is not valid UTF-8 text; save it as UTF-8");
        } catch (NoSuchFileException e) {
            throw source.error(0, "no such file; copy hosts.yaml.example to " + file.getFileName()
                    + " and list your hosts in it, or pass --config FILE");
        } catch (IOException e) {
            throw source.error(0, "cannot read the file (" + e + "); check the path given to --config and its permissions");
        }
        checkLineLengths(source, text);
        return text;
    }

    private static void checkLineLengths(Source source, String text) throws ConfigException {
        int line = 1;
        int start = 0;
        for (int i = 0; i <= text.length(); i++) {
            if (i == text.length() || text.charAt(i) == '\n') {
                if (i - start > MAX_LINE_CHARS) {
                    throw source.error(line, "the line is longer than " + MAX_LINE_CHARS
                            + " characters; write a long value or list over several lines (a list one item a line)");
                }
                line++;
                start = i + 1;
            }
        }
    }

    private static Node compose(Source source, String text) throws ConfigException {
        LoaderOptions options = new LoaderOptions();
        options.setAllowDuplicateKeys(false);
        options.setMaxAliasesForCollections(MAX_ALIASES_FOR_COLLECTIONS);
        options.setNestingDepthLimit(MAX_NESTING_DEPTH);
        options.setCodePointLimit(MAX_FILE_BYTES);
        options.setAllowRecursiveKeys(false);
        try {
            return new Yaml(options).compose(new StringReader(text));
        } catch (MarkedYAMLException e) {
            int line = e.getProblemMark() == null ? 0 : e.getProblemMark().getLine() + 1;
            String context = e.getContext() == null ? "" : " (" + e.getContext() + ")";
            throw source.error(line, "YAML syntax error: " + e.getProblem() + context
                    + "; fix the YAML here (check indentation, quotes and brackets)");
        } catch (YAMLException e) {
            throw source.error(0, "the YAML cannot be read: " + e.getMessage() + "; simplify the file");
        }
    }
}
