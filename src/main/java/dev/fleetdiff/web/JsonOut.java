package dev.fleetdiff.web;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;

/**
 * A page's model as JSON for {@code /api/...}: each record component becomes a field of the same name (the page's
 * chrome, which holds the CSRF token, is left out), so the API says exactly what the page shows.
 */
final class JsonOut {
    static final JsonFactory FACTORY = JsonFactory.builder().build();
    private static final String CHROME = "chrome";

    private JsonOut() {
    }

    static byte[] write(Object model) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (JsonGenerator json = FACTORY.createGenerator(out)) {
            value(json, model);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private static void value(JsonGenerator json, Object value) throws IOException {
        switch (value) {
            case null -> json.writeNull();
            case String text -> json.writeString(text);
            case Integer number -> json.writeNumber(number);
            case Long number -> json.writeNumber(number);
            case Boolean flag -> json.writeBoolean(flag);
            case Optional<?> optional -> value(json, optional.orElse(null));
            case Collection<?> items -> {
                json.writeStartArray();
                for (Object item : items) {
                    value(json, item);
                }
                json.writeEndArray();
            }
            case Map<?, ?> map -> {
                json.writeStartObject();
                for (Map.Entry<?, ?> entry : map.entrySet()) {
                    json.writeFieldName(String.valueOf(entry.getKey()));
                    value(json, entry.getValue());
                }
                json.writeEndObject();
            }
            case Record record -> record(json, record);
            default -> json.writeString(value.toString());
        }
    }

    private static void record(JsonGenerator json, Record record) throws IOException {
        json.writeStartObject();
        for (RecordComponent component : record.getClass().getRecordComponents()) {
            if (component.getName().equals(CHROME)) {
                continue;
            }
            json.writeFieldName(component.getName());
            try {
                value(json, component.getAccessor().invoke(record));
            } catch (IllegalAccessException | InvocationTargetException e) {
                throw new IllegalStateException("cannot read " + component.getName() + " of a page model", e);
            }
        }
        json.writeEndObject();
    }
}
