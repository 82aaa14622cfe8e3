package dev.fleetdiff.rules.xml;

import dev.fleetdiff.rules.RulesException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns an OSSEC rule file into one well-formed XML document with the same line numbers. Like OSSEC's own parser it
 * accepts several top-level {@code <group>} elements (they are wrapped in one root) and reads {@code \<} as text;
 * unlike it, the result goes to a real XML parser, so entities are decoded, and a DTD is refused outright.
 */
final class OssecXmlText {
    /** The element wrapped around the file's content. */
    static final String ROOT = "fleetdiff-rules";

    private static final Pattern COMMENT = Pattern.compile("(?s)<!--.*?-->");
    private static final Pattern XML_DECLARATION = Pattern.compile("\\A\\uFEFF?\\s*<\\?xml[^>]*\\?>");

    private OssecXmlText() {
    }

    /** The file's text as one XML document, line for line. */
    static String read(Path file) throws RulesException {
        return "<" + ROOT + ">" + prepare(file, readText(file)) + "</" + ROOT + ">";
    }

    private static String readText(Path file) throws RulesException {
        try {
            return StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(Files.readAllBytes(file))).toString();
        } catch (CharacterCodingException e) {
            throw new RulesException(file, 0, "is not UTF-8 text; save it as UTF-8");
        } catch (IOException e) {
            throw new RulesException(file, 0, "cannot be read (" + e.getMessage() + "); check it exists and is "
                    + "readable");
        }
    }

    /**
     * Refuses a DTD, drops the XML declaration (keeping its line breaks, so line numbers stay right) and turns OSSEC's
     * {@code \<} into {@code \&lt;}, which OSSEC regex reads as a literal {@code <}.
     */
    private static String prepare(Path file, String text) throws RulesException {
        String outsideComments = COMMENT.matcher(text).replaceAll(m -> m.group().replaceAll("[^\n]", " "));
        int doctype = outsideComments.indexOf("<!DOCTYPE");
        if (doctype >= 0) {
            throw new RulesException(file, lineOf(text, doctype), "<!DOCTYPE> is not allowed: fleetdiff reads no DTD "
                    + "or external entity in rule files; remove it");
        }
        Matcher declaration = XML_DECLARATION.matcher(text);
        String body = declaration.find()
                ? declaration.group().replaceAll("[^\n]", "") + text.substring(declaration.end())
                : text;
        return body.replace("\\<", "\\&lt;");
    }

    private static int lineOf(String text, int index) {
        return (int) text.substring(0, index).chars().filter(c -> c == '\n').count() + 1;
    }
}
