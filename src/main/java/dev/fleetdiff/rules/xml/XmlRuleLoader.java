package dev.fleetdiff.rules.xml;

import dev.fleetdiff.rules.OssecRuleEngine;
import dev.fleetdiff.rules.RuleDefinition;
import dev.fleetdiff.rules.RuleFile;
import dev.fleetdiff.rules.RulesException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/** Loads every {@code *.xml} rule file of a folder, in file name order, into an OSSEC rule engine. */
public final class XmlRuleLoader {

    private XmlRuleLoader() {
    }

    /**
     * Loads the rule files of a folder; any mistake in any file stops the load.
     *
     * @throws RulesException naming file, line and element: missing folder or files, malformed XML, an unsupported
     *                        element or attribute, a bad regex, a duplicate id, an unknown {@code <if_sid>}, a cycle
     */
    public static OssecRuleEngine load(Path dir) throws RulesException {
        List<RuleFile> files = new ArrayList<>();
        List<RuleDefinition> definitions = new ArrayList<>();
        for (Path file : ruleFiles(dir)) {
            List<RuleDefinition> rules = RuleFileReader.read(file);
            files.add(new RuleFile(file, rules.size()));
            definitions.addAll(rules);
        }
        return OssecRuleEngine.build(files, definitions);
    }

    /** The folder's {@code *.xml} files in name order, leaving out hidden ones such as editor lock files. */
    static List<Path> ruleFiles(Path dir) throws RulesException {
        if (!Files.isDirectory(dir)) {
            throw new RulesException(dir, 0, "is not a folder of rule files; set settings.rules (or --rules) to the "
                    + "folder holding the *.xml rule files, such as the rules/ folder fleetdiff ships, or to builtin "
                    + "for one check_diff rule on every command");
        }
        List<Path> files;
        try (Stream<Path> entries = Files.list(dir)) {
            files = entries.filter(p -> p.getFileName().toString().endsWith(".xml"))
                    .filter(p -> !p.getFileName().toString().startsWith("."))
                    .filter(Files::isRegularFile)
                    .sorted(Comparator.comparing(p -> p.getFileName().toString()))
                    .toList();
        } catch (IOException e) {
            throw new RulesException(dir, 0, "cannot be listed (" + e.getMessage() + "); check its permissions");
        }
        if (files.isEmpty()) {
            throw new RulesException(dir, 0, "holds no *.xml rule files; copy the default pack from fleetdiff's "
                    + "rules/ folder into it, or point settings.rules at your rule files");
        }
        return files;
    }
}
