package dev.fleetdiff.config;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * One YAML mapping of hosts.yaml read as typed values; unknown, forbidden and duplicate keys are rejected here, once.
 *
 * <p>Every value is read from the text as written, so {@code off} or {@code 010} mean what they say; a YAML null
 * ({@code null}, {@code ~} or nothing) counts as an absent key.
 */
final class Section {
    private static final Set<Tag> SCALAR_TAGS = Set.of(Tag.STR, Tag.INT, Tag.FLOAT, Tag.BOOL, Tag.NULL, Tag.TIMESTAMP);
    private static final Map<String, String> SECRET_KEYS = Map.of(
            "password", "use password_env: VARIABLE or password_file: PATH in settings.mail instead",
            "passphrase", "use identity_passphrase_env: VARIABLE instead",
            "identity_passphrase", "use identity_passphrase_env: VARIABLE instead",
            "token", "use token_file: PATH or token_env: VARIABLE in settings.http.auth instead");

    private final Source source;
    private final String where;
    private final MappingNode node;
    private final Map<String, NodeTuple> entries = new LinkedHashMap<>();

    private Section(Source source, String where, MappingNode node) {
        this.source = source;
        this.where = where;
        this.node = node;
    }

    /** A section whose keys must come from {@code keys}. */
    static Section of(Source source, String where, Node node, List<String> keys) throws ConfigException {
        Section section = open(source, where, node, "a mapping of " + String.join(", ", keys));
        for (Map.Entry<String, NodeTuple> entry : section.entries.entrySet()) {
            section.checkKnown(entry.getKey(), entry.getValue().getKeyNode(), keys);
        }
        return section;
    }

    private static Section open(Source source, String where, Node node, String expected) throws ConfigException {
        if (!(node instanceof MappingNode mapping) || !mapping.getTag().equals(Tag.MAP)) {
            throw source.error(node, name(where) + " must be " + expected + ", got " + describe(node));
        }
        Section section = new Section(source, where, mapping);
        for (NodeTuple tuple : mapping.getValue()) {
            Node keyNode = tuple.getKeyNode();
            if (keyNode.getTag().equals(Tag.MERGE)) {
                throw source.error(keyNode, "YAML merge keys (<<) are not supported in " + name(where)
                        + "; write the keys out here (values shared by many hosts belong in defaults or a group)");
            }
            if (!(keyNode instanceof ScalarNode key) || key.getTag().equals(Tag.NULL)) {
                throw source.error(keyNode, "keys in " + name(where) + " must be plain text, got " + describe(keyNode));
            }
            NodeTuple first = section.entries.putIfAbsent(key.getValue(), tuple);
            if (first != null) {
                throw source.error(keyNode, "duplicate key '" + key.getValue() + "' in " + name(where) + " ("
                        + Source.firstAt(Source.line(first.getKeyNode()), Source.line(keyNode)) + "); keep one of them");
            }
        }
        return section;
    }

    private void checkKnown(String key, Node keyNode, List<String> keys) throws ConfigException {
        if (keys.contains(key)) {
            return;
        }
        if (SECRET_KEYS.containsKey(key)) {
            throw source.error(keyNode, path(key) + " is not allowed: secrets never go in hosts.yaml; " + SECRET_KEYS.get(key));
        }
        String fix = ClosestWord.to(key, keys).map(k -> "fix the spelling (did you mean '" + k + "'?)").orElse("fix the spelling");
        throw source.error(keyNode, "unknown key " + Source.quote(key) + " " + place() + "; expected one of: "
                + String.join(", ", keys) + "; " + fix + " or remove the key");
    }

    Source source() {
        return source;
    }

    /** The dotted name of this section, e.g. {@code settings.mail}; empty for the top level. */
    String where() {
        return where;
    }

    int line() {
        return Source.line(node);
    }

    /** The dotted name of a key in this section, as used in messages: {@code settings.mail.tls}. */
    String path(String key) {
        return where.isEmpty() ? key : where + "." + key;
    }

    /** The value node of a key, or empty when the key is missing or null. */
    Optional<Node> node(String key) {
        NodeTuple tuple = entries.get(key);
        if (tuple == null || tuple.getValueNode().getTag().equals(Tag.NULL)) {
            return Optional.empty();
        }
        return Optional.of(tuple.getValueNode());
    }

    /** The line of a key's value; the key must be present. */
    int valueLine(String key) {
        return Source.line(entries.get(key).getValueNode());
    }

    /** The entries of a mapping whose keys are names the user chose (commands, groups), each read as a section. */
    Map<String, Section> named(String key, String what, List<String> keys) throws ConfigException {
        Map<String, Section> result = new LinkedHashMap<>();
        Optional<Node> value = node(key);
        if (value.isEmpty()) {
            return result;
        }
        Section names = open(source, path(key), value.get(), "a mapping of " + what + " name to " + what);
        for (NodeTuple tuple : names.entries.values()) {
            Text written = new Text(((ScalarNode) tuple.getKeyNode()).getValue(), Source.line(tuple.getKeyNode()));
            String name = names.parse(what + " name", written, Names::name);
            result.put(name, of(source, names.path(name), tuple.getValueNode(), keys));
        }
        return result;
    }

    /** A single value as written, or empty when the key is missing or null. */
    Optional<Text> text(String key) throws ConfigException {
        Optional<Node> value = node(key);
        return value.isEmpty() ? Optional.empty() : Optional.of(text(path(key), value.get(), "a single value"));
    }

    /** A single value, parsed; the parser explains a bad value by throwing IllegalArgumentException. */
    <T> Optional<T> value(String key, Function<String, T> parser) throws ConfigException {
        Optional<Text> text = text(key);
        return text.isEmpty() ? Optional.empty() : Optional.of(parse(path(key), text.get(), parser));
    }

    /** A value that must be present; {@code example} shows a line the user could add. */
    <T> T required(String key, Function<String, T> parser, String example) throws ConfigException {
        Optional<T> value = value(key, parser);
        if (value.isEmpty()) {
            throw source.error(node, name(where) + " needs " + key + "; add a line like " + key + ": " + example);
        }
        return value.get();
    }

    /** A list of values, each parsed and each error on its own line; a lone value is a list of one if allowed. */
    <T> Optional<List<T>> list(String key, Function<String, T> parser, boolean loneValueAllowed) throws ConfigException {
        Optional<Node> value = node(key);
        if (value.isEmpty()) {
            return Optional.empty();
        }
        if (loneValueAllowed && value.get() instanceof ScalarNode) {
            return Optional.of(List.of(parse(path(key), text(path(key), value.get(), "a value"), parser)));
        }
        List<T> result = new ArrayList<>();
        for (Node item : sequence(key, "a list of values")) {
            result.add(parse(path(key), text(path(key), item, "a value"), parser));
        }
        return Optional.of(result);
    }

    /** The items of a list-valued key, empty when the key is missing. */
    List<Node> sequence(String key, String expected) throws ConfigException {
        Optional<Node> value = node(key);
        if (value.isEmpty()) {
            return List.of();
        }
        if (!(value.get() instanceof SequenceNode sequence) || !sequence.getTag().equals(Tag.SEQ)) {
            throw source.error(value.get(), path(key) + " must be " + expected + ", got " + describe(value.get()));
        }
        return sequence.getValue();
    }

    /** A nested section with its own known keys. */
    Optional<Section> section(String key, List<String> keys) throws ConfigException {
        Optional<Node> value = node(key);
        return value.isEmpty() ? Optional.empty() : Optional.of(of(source, path(key), value.get(), keys));
    }

    /** A nested section, or an empty one standing on this section's line when the key is missing or null. */
    Section sectionOrEmpty(String key, List<String> keys) throws ConfigException {
        Optional<Section> found = section(key, keys);
        if (found.isPresent()) {
            return found.get();
        }
        MappingNode empty = new MappingNode(Tag.MAP, true, List.of(), node.getStartMark(), node.getEndMark(),
                DumperOptions.FlowStyle.BLOCK);
        return new Section(source, path(key), empty);
    }

    /** The text of a scalar node; {@code where} names it in the error if the node is a list or mapping. */
    Text text(String where, Node node, String expected) throws ConfigException {
        if (!(node instanceof ScalarNode scalar) || node.getTag().equals(Tag.NULL)) {
            throw source.error(node, where + " must be " + expected + ", got " + describe(node));
        }
        if (!SCALAR_TAGS.contains(scalar.getTag())) {
            throw source.error(node, where + " has the YAML tag " + scalar.getTag().getValue()
                    + ", which is not supported; remove the tag");
        }
        return new Text(scalar.getValue(), Source.line(node));
    }

    <T> T parse(String where, Text text, Function<String, T> parser) throws ConfigException {
        try {
            return parser.apply(text.value());
        } catch (IllegalArgumentException e) {
            throw source.invalid(where, text, e);
        }
    }

    private String place() {
        return where.isEmpty() ? "at the top level" : "in " + where;
    }

    private static String name(String where) {
        return where.isEmpty() ? "the file" : where;
    }

    /** What a node is, in words, for "expected X, got Y" messages. */
    static String describe(Node node) {
        if (node instanceof MappingNode) {
            return "a mapping";
        }
        if (node instanceof SequenceNode) {
            return "a list";
        }
        if (node.getTag().equals(Tag.NULL)) {
            return "nothing (null)";
        }
        return "the value " + Source.quote(((ScalarNode) node).getValue());
    }
}
