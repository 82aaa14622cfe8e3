package dev.fleetdiff.cli;

import picocli.CommandLine.Model.OptionSpec;

/** Text made safe for a man page (roff): backslashes, hyphens, and lines that would start a request. */
final class Roff {
    private Roff() {
    }

    /** {@code text} as roff prints it literally. */
    static String text(String text) {
        StringBuilder out = new StringBuilder(text.length() + 16);
        boolean lineStart = true;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (lineStart && (c == '.' || c == '\'')) {
                out.append("\\&");
            }
            switch (c) {
                case '\\' -> out.append("\\e");
                case '-' -> out.append("\\-");
                default -> out.append(c);
            }
            lineStart = c == '\n';
        }
        return out.toString();
    }

    /** An option's names in bold and its parameter in italics: {@code \fB\-\-host\fR \fIH\fR}. */
    static String option(OptionSpec option) {
        StringBuilder out = new StringBuilder();
        for (String name : option.names()) {
            out.append(out.isEmpty() ? "" : ", ").append("\\fB").append(text(name)).append("\\fR");
        }
        if (option.arity().max() > 0) {
            out.append(' ').append("\\fI").append(text(option.paramLabel())).append("\\fR");
        }
        return out.toString();
    }
}
