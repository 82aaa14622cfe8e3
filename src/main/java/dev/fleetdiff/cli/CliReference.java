package dev.fleetdiff.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.CommandLine.Help.Ansi;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * The CLI reference made from the picocli annotations, so it cannot drift from the code: docs/CLI.md, a man page per
 * command and bash completion. The build runs {@link #main} to write them (see pom.xml); a test checks docs/CLI.md.
 */
public final class CliReference {
    /** The man pages' section: user commands. */
    static final String MAN_SECTION = "1";
    /** A fixed date in the man pages, so that building twice gives the same bytes. */
    static final String MAN_DATE = "2026";

    private final CommandLine root = new CommandLine(new Main());

    /** Writes CLI.md, man/man1/*.1 and completion/fleetdiff.bash under the folder given as the only argument. */
    public static void main(String[] args) throws IOException {
        if (args.length != 1) {
            throw new IllegalArgumentException("usage: CliReference OUTPUT_FOLDER");
        }
        Path out = Path.of(args[0]);
        CliReference reference = new CliReference();
        write(out.resolve("CLI.md"), reference.markdown());
        for (Map.Entry<String, String> page : reference.manPages().entrySet()) {
            write(out.resolve("man/man" + MAN_SECTION).resolve(page.getKey()), page.getValue());
        }
        write(out.resolve("completion/fleetdiff.bash"), reference.bashCompletion());
    }

    private static void write(Path file, String text) throws IOException {
        Files.createDirectories(file.getParent());
        Files.writeString(file, text, StandardCharsets.UTF_8);
    }

    /** Every command, the root first, then each subcommand depth first, as in {@code fleetdiff --help}. */
    List<CommandLine> commands() {
        List<CommandLine> all = new ArrayList<>();
        collect(root, all);
        return all;
    }

    private static void collect(CommandLine command, List<CommandLine> all) {
        all.add(command);
        command.getSubcommands().values().stream().filter(sub -> !sub.getCommandName().equals("help"))
                .forEach(sub -> collect(sub, all));
    }

    /** docs/CLI.md: each command's help exactly as {@code --help} prints it. */
    String markdown() {
        StringBuilder md = new StringBuilder("""
                # fleetdiff command-line reference

                Generated from the picocli annotations by `dev.fleetdiff.cli.CliReference` (`./mvnw package` writes it
                to target/generated-docs/CLI.md; copy it here when a command changes, CliReferenceTest says so). The
                same text is `fleetdiff <command> --help` and `man fleetdiff-<command>`. Exit codes, files and
                examples: README.md; JSON output: docs/JSON.md.
                """);
        for (CommandLine command : commands()) {
            md.append("\n## ").append(command.getCommandSpec().qualifiedName()).append("\n\n```\n")
                    .append(command.getUsageMessage(Ansi.OFF).stripTrailing()).append("\n```\n");
        }
        return md.toString();
    }

    /** One man page per command, by file name: fleetdiff.1, fleetdiff-poll.1, fleetdiff-rules-test.1. */
    Map<String, String> manPages() {
        Map<String, String> pages = new LinkedHashMap<>();
        for (CommandLine command : commands()) {
            pages.put(pageName(command.getCommandSpec()) + "." + MAN_SECTION, manPage(command));
        }
        return pages;
    }

    private static String pageName(CommandSpec spec) {
        return spec.qualifiedName("-");
    }

    private String manPage(CommandLine command) {
        CommandSpec spec = command.getCommandSpec();
        String name = pageName(spec);
        StringBuilder roff = new StringBuilder();
        roff.append(".TH ").append(name.toUpperCase(java.util.Locale.ROOT)).append(' ').append(MAN_SECTION)
                .append(" \"").append(MAN_DATE).append("\" \"fleetdiff\" \"fleetdiff manual\"\n");
        roff.append(".SH NAME\n").append(Roff.text(name)).append(" \\- ")
                .append(Roff.text(String.join(" ", spec.usageMessage().description()))).append('\n');
        roff.append(".SH SYNOPSIS\n.nf\n").append(Roff.text(command.getHelp().synopsis(0).stripTrailing()))
                .append("\n.fi\n");
        roff.append(".SH DESCRIPTION\n").append(Roff.text(String.join(" ", spec.usageMessage().description())))
                .append('\n');
        List<OptionSpec> options = spec.options().stream().filter(o -> !o.hidden()).toList();
        if (!options.isEmpty()) {
            roff.append(".SH OPTIONS\n");
            for (OptionSpec option : options) {
                roff.append(".TP\n").append(Roff.option(option)).append('\n')
                        .append(Roff.text(String.join(" ", option.description())
                                .replace("${DEFAULT-VALUE}", String.valueOf(option.defaultValue()))))
                        .append('\n');
            }
        }
        List<CommandLine> subcommands = command.getSubcommands().values().stream()
                .filter(sub -> !sub.getCommandName().equals("help")).toList();
        if (!subcommands.isEmpty()) {
            roff.append(".SH COMMANDS\n");
            for (CommandLine sub : subcommands) {
                roff.append(".TP\n\\fB").append(Roff.text(sub.getCommandName())).append("\\fR\n")
                        .append(Roff.text(String.join(" ", sub.getCommandSpec().usageMessage().description())))
                        .append("\nSee \\fB").append(Roff.text(pageName(sub.getCommandSpec()))).append("\\fR(")
                        .append(MAN_SECTION).append(").\n");
            }
        }
        roff.append(".SH EXIT STATUS\n0 done, nothing changed; 1 done, changes detected; 2 usage or configuration "
                + "error; 3 one or more hosts failed (wins over 1); 4 internal error (rerun with \\-v).\n");
        roff.append(".SH SEE ALSO\n");
        if (spec.parent() != null) {
            roff.append("\\fBfleetdiff\\fR(").append(MAN_SECTION).append("), ");
        }
        roff.append("README.md, docs/CONFIGURATION.md, docs/RULES.md, docs/JSON.md\n");
        return roff.toString();
    }

    /** bash completion for every command and option; zsh uses it through bashcompinit. */
    String bashCompletion() {
        return AutoComplete.bash("fleetdiff", root);
    }
}
