package dev.fleetdiff.rules.xml;

import dev.fleetdiff.rules.Condition;
import dev.fleetdiff.rules.Rule;
import dev.fleetdiff.rules.RuleDefinition;
import dev.fleetdiff.rules.RulesException;
import java.io.StringReader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

/**
 * Reads one OSSEC rule file with StAX into rule definitions, rejecting whatever it does not support, each time naming
 * the file, the line and the element.
 */
final class RuleFileReader {
    /** Highest OSSEC rule level. */
    static final int MAX_LEVEL = 16;
    /** Highest OSSEC rule id. */
    static final int MAX_ID = 999_999;

    private static final Set<String> RULE_ELEMENTS = Set.of("if_sid", "match", "regex", "check_diff", "description",
            "group", "options", "hostname", "command");
    private static final String RULE_ELEMENTS_TEXT = "<if_sid>, <match>, <regex>, <check_diff />, <description>, "
            + "<group>, <options>, <hostname>, <command>";
    private static final Map<String, Function<String, Condition>> CONDITIONS = Map.of("match", Condition::match,
            "regex", Condition::regex, "hostname", Condition::hostname, "command", Condition::command);

    private final Path file;
    private final XMLStreamReader xml;
    /** Line of the element being read, named by every error about it. */
    private int elementLine = 1;

    private RuleFileReader(Path file, XMLStreamReader xml) {
        this.file = file;
        this.xml = xml;
    }

    /** The rules of one file, in file order. */
    static List<RuleDefinition> read(Path file) throws RulesException {
        String text = OssecXmlText.read(file);
        XMLInputFactory factory = XMLInputFactory.newDefaultFactory();
        factory.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        factory.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        factory.setProperty(XMLInputFactory.IS_NAMESPACE_AWARE, false);
        factory.setProperty(XMLInputFactory.IS_COALESCING, true);
        XMLStreamReader xml = null;
        try {
            xml = factory.createXMLStreamReader(new StringReader(text));
            return new RuleFileReader(file, xml).readRoot();
        } catch (XMLStreamException e) {
            String message = e.getMessage() == null ? "" : e.getMessage().replaceFirst("(?s)\\A.*?Message: ", "");
            int line = e.getLocation() == null ? 0 : e.getLocation().getLineNumber();
            throw new RulesException(file, line, "is not well-formed XML: " + message.strip()
                    + " Fix the XML (write & as &amp; and < in text as &lt; or \\<).");
        } finally {
            close(xml);
        }
    }

    private List<RuleDefinition> readRoot() throws XMLStreamException, RulesException {
        xml.nextTag();
        elementLine = xml.getLocation().getLineNumber();
        List<RuleDefinition> rules = new ArrayList<>();
        while (nextChild()) {
            if (!xml.getLocalName().equals("group")) {
                throw unsupported("at the top of a rule file", "<group name=\"...\">");
            }
            rules.addAll(readGroup());
        }
        return rules;
    }

    private List<RuleDefinition> readGroup() throws XMLStreamException, RulesException {
        Map<String, String> attributes = attributes("group", Set.of("name"));
        if (!attributes.containsKey("name")) {
            throw error("<group> needs a name attribute, such as <group name=\"local,\">");
        }
        List<String> groups = names(attributes.get("name"));
        List<RuleDefinition> rules = new ArrayList<>();
        while (nextChild()) {
            if (!xml.getLocalName().equals("rule")) {
                throw unsupported("in <group>", "<rule id=\"...\" level=\"...\">");
            }
            rules.add(readRule(groups));
        }
        return rules;
    }

    private RuleDefinition readRule(List<String> groupNames) throws XMLStreamException, RulesException {
        int line = elementLine;
        Map<String, String> attributes = attributes("rule", Set.of("id", "level"));
        int id = number(attributes, "id", 1, MAX_ID);
        int level = number(attributes, "level", 0, MAX_LEVEL);
        List<String> groups = new ArrayList<>(groupNames);
        List<Integer> parents = List.of();
        int parentLine = line;
        Map<String, Condition> conditions = new LinkedHashMap<>();
        Set<String> seen = new HashSet<>();
        boolean checkDiff = false;
        String description = "";
        Boolean email = null;
        boolean log = true;
        while (nextChild()) {
            String element = xml.getLocalName();
            if (!RULE_ELEMENTS.contains(element)) {
                throw unsupported("in <rule>", RULE_ELEMENTS_TEXT);
            }
            attributes(element, Set.of());
            if (!element.equals("group") && !element.equals("options") && !seen.add(element)) {
                throw error("<" + element + "> appears twice in rule " + id + "; write it once (put | between "
                        + "alternatives of <match> or <regex>)");
            }
            switch (element) {
                case "if_sid" -> {
                    parents = ruleIds(text(element).strip(), id);
                    parentLine = elementLine;
                }
                case "match", "regex", "hostname", "command" -> conditions.put(element, condition(element, id));
                case "check_diff" -> checkDiff = empty(element);
                case "description" -> description = text(element).strip();
                case "group" -> groups.addAll(names(text(element)));
                case "options" -> {
                    String option = text(element).strip();
                    switch (option) {
                        case "alert_by_email" -> email = true;
                        case "no_email_alert" -> email = false;
                        case "no_log" -> log = false;
                        default -> throw error("<options> " + option + " is not supported; use alert_by_email, "
                                + "no_email_alert or no_log, one per <options> element");
                    }
                }
                default -> throw new IllegalStateException("unhandled rule element <" + element + ">");
            }
        }
        List<Condition> ordered = new ArrayList<>();
        for (Condition.Element element : Condition.Element.values()) {
            if (conditions.containsKey(element.tag())) {
                ordered.add(conditions.get(element.tag()));
            }
        }
        Rule rule = new Rule(id, level, description, groups, checkDiff, email, log);
        return new RuleDefinition(rule, parents, ordered, file, line, parentLine);
    }

    private Condition condition(String element, int id) throws XMLStreamException, RulesException {
        String raw = text(element);
        String pattern = element.equals("match") || element.equals("regex") ? raw : raw.strip();
        try {
            return CONDITIONS.get(element).apply(pattern);
        } catch (IllegalArgumentException e) {
            throw error("<" + element + "> '" + pattern + "' of rule " + id + " " + e.getMessage()
                    + " (see docs/RULES.md for " + switch (element) {
                        case "match" -> "OSSEC's match syntax";
                        case "command" -> "<command>";
                        default -> "OSSEC's regex syntax";
                    } + ")");
        }
    }

    private List<Integer> ruleIds(String text, int id) throws RulesException {
        List<Integer> ids = new ArrayList<>();
        for (String part : text.split("[,\\s]+")) {
            if (!part.matches("\\d{1,6}")) {
                throw error("<if_sid> of rule " + id + " must list rule ids separated by commas, such as 530; found '"
                        + text + "'");
            }
            ids.add(Integer.parseInt(part));
        }
        return ids;
    }

    private int number(Map<String, String> attributes, String name, int min, int max) throws RulesException {
        String value = attributes.get(name);
        if (value == null || !value.strip().matches("\\d{1,7}") || Integer.parseInt(value.strip()) < min
                || Integer.parseInt(value.strip()) > max) {
            throw error("<rule> needs attribute " + name + " as a whole number from " + min + " to " + max
                    + (value == null ? "" : "; found \"" + value + "\""));
        }
        return Integer.parseInt(value.strip());
    }

    private static List<String> names(String list) {
        return List.of(list.split(",")).stream().map(String::strip).filter(s -> !s.isEmpty()).toList();
    }

    private Map<String, String> attributes(String element, Set<String> allowed) throws RulesException {
        Map<String, String> attributes = new LinkedHashMap<>();
        for (int i = 0; i < xml.getAttributeCount(); i++) {
            String name = xml.getAttributeLocalName(i);
            if (!allowed.contains(name)) {
                throw error("attribute " + name + " on <" + element + "> is not supported"
                        + UnsupportedOssec.reason(name) + "; "
                        + (allowed.isEmpty() ? "<" + element + "> takes no attributes" : "supported: "
                        + String.join(", ", allowed.stream().sorted().toList())));
            }
            attributes.put(name, xml.getAttributeValue(i));
        }
        return attributes;
    }

    /** The text of the current element, which must hold nothing else; leaves the reader on its end tag. */
    private String text(String element) throws XMLStreamException, RulesException {
        StringBuilder text = new StringBuilder();
        while (true) {
            switch (xml.next()) {
                case XMLStreamConstants.CHARACTERS, XMLStreamConstants.CDATA, XMLStreamConstants.SPACE:
                    text.append(xml.getText());
                    break;
                case XMLStreamConstants.START_ELEMENT:
                    throw error("<" + element + "> must hold text only, but holds <" + xml.getLocalName()
                            + ">; write the text or escape < as &lt;");
                case XMLStreamConstants.END_ELEMENT:
                    return text.toString();
                default:
                    break;
            }
        }
    }

    private boolean empty(String element) throws XMLStreamException, RulesException {
        if (!text(element).isBlank()) {
            throw error("<" + element + "> takes no text; write <" + element + " />");
        }
        return true;
    }

    /** Moves to the next child element of the current element; false once the current element ends. */
    private boolean nextChild() throws XMLStreamException, RulesException {
        while (true) {
            switch (xml.next()) {
                case XMLStreamConstants.START_ELEMENT:
                    elementLine = xml.getLocation().getLineNumber();
                    return true;
                case XMLStreamConstants.END_ELEMENT, XMLStreamConstants.END_DOCUMENT:
                    return false;
                case XMLStreamConstants.CHARACTERS, XMLStreamConstants.CDATA, XMLStreamConstants.SPACE:
                    if (!xml.isWhiteSpace()) {
                        String text = xml.getText();
                        elementLine = lastLineOf(text);
                        throw error("text '" + text.strip() + "' is not inside an element that takes text; "
                                + "move it into <match>, <regex>, <description> or another element, or remove it");
                    }
                    break;
                default:
                    break;
            }
        }
    }

    /** The line a text ends on: the reader stands after its trailing blanks, so step back over their line breaks. */
    private int lastLineOf(String text) {
        String trailing = text.substring(text.stripTrailing().length());
        return xml.getLocation().getLineNumber() - (int) trailing.chars().filter(c -> c == '\n').count();
    }

    private RulesException unsupported(String where, String expected) {
        String element = xml.getLocalName();
        return error("<" + element + "> is not supported " + where + UnsupportedOssec.reason(element)
                + "; supported: " + expected + " (docs/RULES.md)");
    }

    private RulesException error(String detail) {
        return new RulesException(file, elementLine, detail);
    }

    private static void close(XMLStreamReader xml) {
        if (xml != null) {
            try {
                xml.close();
            } catch (XMLStreamException e) {
                // Closing a reader over a string releases nothing that could fail.
            }
        }
    }
}
