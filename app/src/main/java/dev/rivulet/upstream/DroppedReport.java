package dev.rivulet.upstream;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * The message telling upstream that the full outbox dropped messages while the link was down:
 * {@code {"type":"outbox-dropped","count":N,"gateway":"ID"}}.
 */
final class DroppedReport {

    private static final JsonFactory JSON = new JsonFactory();

    private DroppedReport() {
    }

    static byte[] json(long count, String gatewayId) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(80);
        try (JsonGenerator generator = JSON.createGenerator(out)) {
            generator.writeStartObject();
            generator.writeStringField("type", "outbox-dropped");
            generator.writeNumberField("count", count);
            generator.writeStringField("gateway", gatewayId);
            generator.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
