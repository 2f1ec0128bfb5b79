package dev.rivulet.sensors.json;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/** {@link FlatMembers} read by Jackson's streaming parser: any JSON, errors said by Jackson. */
final class JacksonMembers implements FlatMembers {

    private final JsonParser parser;
    private JsonToken value;
    private JsonToken after;

    JacksonMembers(JsonParser parser) {
        this.parser = parser;
    }

    @Override
    public boolean isObject() throws IOException {
        return parser.nextToken() == JsonToken.START_OBJECT;
    }

    @Override
    public boolean next() throws IOException {
        if (value == JsonToken.START_OBJECT || value == JsonToken.START_ARRAY) {
            parser.skipChildren();
        }
        JsonToken token = parser.nextToken();
        if (token != JsonToken.FIELD_NAME) {
            value = null;
            after = token;
            return false;
        }
        value = parser.nextToken();
        return true;
    }

    @Override
    public boolean nameIs(String name) {
        return name != null && name.equals(name());
    }

    @Override
    public String name() {
        try {
            return parser.currentName();
        } catch (IOException e) {
            throw new IllegalStateException("a member's name was read before its value", e);
        }
    }

    @Override
    public Kind kind() {
        return switch (value) {
            case VALUE_STRING -> Kind.STRING;
            case VALUE_NUMBER_INT -> Kind.INT;
            case VALUE_NUMBER_FLOAT -> Kind.FLOAT;
            case VALUE_TRUE -> Kind.TRUE;
            case VALUE_FALSE -> Kind.FALSE;
            case VALUE_NULL -> Kind.NULL;
            default -> Kind.NESTED;
        };
    }

    @Override
    public String text() throws IOException {
        return parser.getText();
    }

    @Override
    public boolean textIs(String text) throws IOException {
        return value == JsonToken.VALUE_STRING && text != null && text.equals(parser.getText());
    }

    @Override
    public byte[] utf8() throws IOException {
        return parser.getText().getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public long longValue() throws IOException {
        return parser.getLongValue();
    }

    @Override
    public double doubleValue() throws IOException {
        return parser.getDoubleValue();
    }

    @Override
    public boolean closed() {
        return after == JsonToken.END_OBJECT;
    }

    @Override
    public boolean trailing() throws IOException {
        return parser.nextToken() != null;
    }

    @Override
    public void close() throws IOException {
        parser.close();
    }
}
