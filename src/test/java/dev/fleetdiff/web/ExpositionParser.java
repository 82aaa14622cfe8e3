package dev.fleetdiff.web;

import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A strict parser of the Prometheus text exposition format (version 0.0.4), for tests: the Java client 1.10 writes the
 * format but has no parser of it. Fails on anything the format does not allow: a bad metric or label name, a bad
 * escape, a value that is not a float, a sample before its family's TYPE, a family split in two, a second TYPE, a
 * histogram whose buckets are not cumulative or whose +Inf bucket is not its count.
 */
final class ExpositionParser {
    private static final String NAME = "[a-zA-Z_:][a-zA-Z0-9_:]*";
    private static final Pattern HELP_OR_TYPE = Pattern.compile("# (HELP|TYPE) (" + NAME + ") ?(.*)");
    private static final Pattern SAMPLE = Pattern.compile("(" + NAME + ")(\\{(.*)})? (\\S+)( -?\\d+)?");
    private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\\\n]|\\\\[\\\\\"n])*)\"");
    private static final Set<String> TYPES = Set.of("counter", "gauge", "histogram", "summary", "untyped");
    private static final List<String> SUFFIXES = List.of("_total", "_bucket", "_count", "_sum", "_created", "_info");

    private ExpositionParser() {
    }

    /** Every sample by its series, written {@code name{a="x",b="y"}} with labels sorted; throws on a format error. */
    static Map<String, Double> parse(String text) {
        Map<String, Double> samples = new LinkedHashMap<>();
        Map<String, String> types = new LinkedHashMap<>();
        Set<String> finished = new HashSet<>();
        String current = null;
        String[] lines = text.split("\n", -1);
        if (!text.endsWith("\n")) {
            throw new IllegalArgumentException("the exposition does not end with a newline");
        }
        for (int i = 0; i < lines.length - 1; i++) {
            String line = lines[i];
            String where = "line " + (i + 1) + " '" + line + "': ";
            if (line.startsWith("#")) {
                Matcher m = HELP_OR_TYPE.matcher(line);
                if (!m.matches()) {
                    continue;    // a plain comment
                }
                String family = m.group(2);
                if (!family.equals(current)) {
                    if (finished.contains(family)) {
                        throw new IllegalArgumentException(where + "family " + family + " appears twice");
                    }
                    if (current != null) {
                        finished.add(current);
                    }
                    current = family;
                }
                if (m.group(1).equals("TYPE")) {
                    if (!TYPES.contains(m.group(3)) || types.put(family, m.group(3)) != null) {
                        throw new IllegalArgumentException(where + "a bad or second TYPE");
                    }
                }
                continue;
            }
            if (line.isEmpty()) {
                throw new IllegalArgumentException(where + "an empty line");
            }
            Matcher m = SAMPLE.matcher(line);
            if (!m.matches()) {
                throw new IllegalArgumentException(where + "not a sample");
            }
            String family = family(m.group(1), types);
            if (!family.equals(current)) {
                throw new IllegalArgumentException(where + "sample outside its family's block (TYPE first)");
            }
            Map<String, String> labels = labels(m.group(3) == null ? "" : m.group(3), where);
            String series = m.group(1) + labels.entrySet().stream().map(e -> e.getKey() + "=\"" + e.getValue() + "\"")
                    .reduce((a, b) -> a + "," + b).map(s -> "{" + s + "}").orElse("");
            if (samples.put(series, value(m.group(4), where)) != null) {
                throw new IllegalArgumentException(where + "series " + series + " twice");
            }
        }
        checkHistograms(samples, types);
        return samples;
    }

    private static String family(String name, Map<String, String> types) {
        if (types.containsKey(name)) {
            return name;
        }
        for (String suffix : SUFFIXES) {
            if (name.endsWith(suffix) && types.containsKey(name.substring(0, name.length() - suffix.length()))) {
                return name.substring(0, name.length() - suffix.length());
            }
        }
        return name;
    }

    private static Map<String, String> labels(String text, String where) {
        Map<String, String> labels = new TreeMap<>();
        int at = 0;
        while (at < text.length()) {
            Matcher m = LABEL.matcher(text);
            if (!m.find(at) || m.start() != at) {
                throw new IllegalArgumentException(where + "bad label at " + at);
            }
            if (labels.put(m.group(1), m.group(2)) != null) {
                throw new IllegalArgumentException(where + "label " + m.group(1) + " twice");
            }
            at = m.end();
            if (at < text.length()) {
                if (text.charAt(at) != ',') {
                    throw new IllegalArgumentException(where + "labels not separated by a comma");
                }
                at++;
            }
        }
        return labels;
    }

    private static double value(String text, String where) {
        switch (text) {
            case "+Inf":
                return Double.POSITIVE_INFINITY;
            case "-Inf":
                return Double.NEGATIVE_INFINITY;
            case "NaN":
                return Double.NaN;
            default:
                if (!text.matches("[-+]?(\\d+\\.?\\d*|\\.\\d+)([eE][-+]?\\d+)?")) {
                    throw new IllegalArgumentException(where + "value '" + text + "' is not a float");
                }
                return Double.parseDouble(text);
        }
    }

    /** Buckets of each histogram series rise with le and end in +Inf, equal to _count. */
    private static void checkHistograms(Map<String, Double> samples, Map<String, String> types) {
        types.forEach((family, type) -> {
            if (!type.equals("histogram")) {
                return;
            }
            double previous = -1;
            double infinite = -1;
            for (Map.Entry<String, Double> sample : samples.entrySet()) {
                if (sample.getKey().startsWith(family + "_bucket{")) {
                    if (sample.getValue() < previous) {
                        throw new IllegalArgumentException(sample.getKey() + " is below the bucket before it");
                    }
                    previous = sample.getValue();
                    if (sample.getKey().contains("le=\"+Inf\"")) {
                        infinite = sample.getValue();
                    }
                }
            }
            Double count = samples.get(family + "_count");
            if (count == null || infinite != count) {
                throw new IllegalArgumentException(family + ": the +Inf bucket " + infinite + " is not _count " + count);
            }
        });
    }
}
