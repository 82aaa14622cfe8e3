package dev.fleetdiff.rules.xml;

import dev.fleetdiff.inventory.Command;
import dev.fleetdiff.inventory.CompareMode;
import dev.fleetdiff.regex.LinearRegex;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The default pack's commands from rules/commands.yaml. The file keeps to a small subset of YAML (plain and
 * single-quoted scalars, block lists) so this strict reader, which fails on anything else, reads it as YAML does.
 */
final class CommandCatalog {
    private static final String PLAIN_FORBIDDEN_START = "[]{}'\"|>*&!%@`#,?:-";

    private CommandCatalog() {
    }

    static Map<String, Command> read(Path file) throws IOException {
        Map<String, Map<String, Object>> commands = new LinkedHashMap<>();
        Map<String, Object> current = null;
        List<String> ignore = null;
        List<String> lines = Files.readAllLines(file);
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            String where = file + ":" + (i + 1) + ": ";
            if (line.isBlank() || line.strip().startsWith("#") || line.equals("commands:")) {
                continue;
            }
            int indent = line.length() - line.stripLeading().length();
            String content = line.strip();
            if (indent == 2 && content.matches("[a-z0-9-]+:")) {
                current = new LinkedHashMap<>();
                commands.put(content.substring(0, content.length() - 1), current);
            } else if (indent == 4 && current != null && content.matches("(run|compare|ignore):.*")) {
                String key = content.substring(0, content.indexOf(':'));
                String value = content.substring(key.length() + 1).strip();
                if (key.equals("ignore")) {
                    ignore = new ArrayList<>();
                    current.put(key, ignore);
                    if (!value.isEmpty() && !value.equals("[]")) {
                        throw new IllegalStateException(where + "ignore takes [] or a block list");
                    }
                } else {
                    current.put(key, scalar(value, where));
                }
            } else if (indent == 6 && ignore != null && content.startsWith("- ")) {
                ignore.add(scalar(content.substring(2).strip(), where));
            } else {
                throw new IllegalStateException(where + "outside the YAML subset this reader knows: " + line);
            }
        }
        Map<String, Command> result = new LinkedHashMap<>();
        commands.forEach((name, fields) -> result.put(name, command(name, fields)));
        return result;
    }

    @SuppressWarnings("unchecked")
    private static Command command(String name, Map<String, Object> fields) {
        List<LinearRegex> ignore = ((List<String>) fields.getOrDefault("ignore", List.of())).stream()
                .map(LinearRegex::compile).toList();
        CompareMode mode = CompareMode.valueOf(((String) fields.get("compare")).toUpperCase(Locale.ROOT));
        return new Command(name, (String) fields.get("run"), mode, ignore, Optional.empty());
    }

    private static String scalar(String value, String where) {
        if (value.startsWith("'")) {
            if (value.length() < 2 || !value.endsWith("'") || value.substring(1, value.length() - 1).replace("''", "")
                    .contains("'")) {
                throw new IllegalStateException(where + "bad single-quoted scalar: " + value);
            }
            return value.substring(1, value.length() - 1).replace("''", "'");
        }
        if (value.isEmpty() || PLAIN_FORBIDDEN_START.indexOf(value.charAt(0)) >= 0 || value.contains(": ")
                || value.contains(" #") || value.endsWith(":")) {
            throw new IllegalStateException(where + "not a plain scalar this reader accepts: " + value);
        }
        return value;
    }
}
