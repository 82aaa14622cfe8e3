package dev.fleetdiff.text;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CharsetEncoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;

/**
 * What a host printed, as a Java string that encodes back to the exact bytes: valid UTF-8 is decoded as usual and
 * each byte that is not part of valid UTF-8 becomes one lone low surrogate U+DC80..U+DCFF (like Python's
 * "surrogateescape"). Valid UTF-8 never yields a lone surrogate, so {@code encode(decode(b))} is {@code b} for every
 * {@code b}, and two outputs that differ in one invalid byte stay different strings.
 */
public final class HostBytes {
    /** The lone low surrogate standing for byte 0x00; only bytes 0x80..0xFF ever occur, as U+DC80..U+DCFF. */
    private static final int ESCAPE_BASE = 0xDC00;
    private static final int FIRST_ESCAPE = 0xDC80;
    private static final int LAST_ESCAPE = 0xDCFF;
    /** What a lone surrogate that stands for no byte becomes, as String.getBytes(UTF_8) does. */
    private static final byte UNMAPPABLE = '?';
    /** What the JDK's lenient UTF-8 decoding puts for an invalid sequence. */
    private static final char REPLACEMENT = '\uFFFD';

    private HostBytes() {
    }

    /** The bytes as text, each byte of an invalid UTF-8 sequence kept as its escape character. */
    public static String decode(byte[] bytes) {
        return decode(bytes, 0, bytes.length);
    }

    /** Like {@link #decode(byte[])} for {@code length} bytes from {@code offset}. */
    public static String decode(byte[] bytes, int offset, int length) {
        // Valid UTF-8 (nearly every output) decodes through the JDK's compact strings: one byte per char for ASCII,
        // and no second buffer. U+FFFD in the result means invalid bytes, or a host's own U+FFFD: the exact path then.
        String plain = new String(bytes, offset, length, StandardCharsets.UTF_8);
        if (plain.indexOf(REPLACEMENT) < 0) {
            return plain;
        }
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes, offset, length);
        try {
            return decoder.decode(in).toString();
        } catch (CharacterCodingException e) {
            in = ByteBuffer.wrap(bytes, offset, length);
            decoder.reset();
        }
        CharBuffer out = CharBuffer.allocate(length);
        while (true) {
            CoderResult result = decoder.decode(in, out, true);
            if (result.isUnderflow()) {
                decoder.flush(out);
                return out.flip().toString();
            }
            if (result.isOverflow()) {
                throw new IllegalStateException("one char per byte is always enough for UTF-8");
            }
            for (int i = 0; i < result.length(); i++) {
                out.put((char) (ESCAPE_BASE + (in.get() & 0xFF)));
            }
        }
    }

    /** The bytes a decoded text came from; a lone surrogate that is no escape (never made by decode) becomes '?'. */
    public static byte[] encode(String text) {
        if (text.chars().noneMatch(c -> Character.isSurrogate((char) c))) {
            return text.getBytes(StandardCharsets.UTF_8);
        }
        CharsetEncoder encoder = StandardCharsets.UTF_8.newEncoder()
                .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
        CharBuffer in = CharBuffer.wrap(text);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(text.length() + 16);
        ByteBuffer out = ByteBuffer.allocate(Math.max(16, Math.min(text.length() * 3, 64 * 1024)));
        while (true) {
            CoderResult result = encoder.encode(in, out, true);
            if (result.isOverflow()) {
                drain(out, bytes);
                continue;
            }
            if (result.isUnderflow()) {
                encoder.flush(out);
                drain(out, bytes);
                return bytes.toByteArray();
            }
            drain(out, bytes);
            for (int i = 0; i < result.length(); i++) {
                char c = in.get();
                bytes.write(isEscape(c) ? c - ESCAPE_BASE : UNMAPPABLE);
            }
        }
    }

    private static void drain(ByteBuffer out, ByteArrayOutputStream bytes) {
        bytes.write(out.array(), 0, out.position());
        out.clear();
    }

    /** Whether {@code codePoint} is a lone surrogate standing for one invalid byte. */
    static boolean isEscape(int codePoint) {
        return codePoint >= FIRST_ESCAPE && codePoint <= LAST_ESCAPE;
    }

    /** The byte an escape character stands for, written {@code \xNN} (two lower-case hex digits). */
    static String escaped(int codePoint) {
        return "\\x" + HexFormat.of().toHexDigits((byte) (codePoint - ESCAPE_BASE));
    }

    /**
     * The text with each invalid byte written {@code \xNN} and nothing else changed, for places that keep text as it
     * is but cannot hold a lone surrogate (JSON, database text columns).
     */
    public static String escapeBytes(String text) {
        StringBuilder out = null;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isSurrogate(c) && !paired(text, i)) {
                if (out == null) {
                    out = new StringBuilder(text.length() + 16).append(text, 0, i);
                }
                out.append(isEscape(c) ? escaped(c) : "\uFFFD");
            } else if (out != null) {
                out.append(c);
            }
        }
        return out == null ? text : out.toString();
    }

    /** Whether the surrogate at {@code i} is half of a valid pair. */
    static boolean paired(CharSequence text, int i) {
        char c = text.charAt(i);
        if (Character.isHighSurrogate(c)) {
            return i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1));
        }
        return i > 0 && Character.isHighSurrogate(text.charAt(i - 1));
    }
}
