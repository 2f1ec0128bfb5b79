package dev.rivulet.outputs;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/** Writes small JSON documents with jackson-core's streaming generator. */
public final class Json {

    private static final JsonFactory FACTORY = new JsonFactory();

    /** What goes between the braces. */
    public interface Body {
        void write(JsonGenerator json) throws IOException;
    }

    private Json() {
    }

    /** One object: {@code body} writes its fields. */
    public static byte[] object(Body body) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(256);
        try (JsonGenerator json = FACTORY.createGenerator(bytes)) {
            json.writeStartObject();
            body.write(json);
            json.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }
}
