package dev.rivulet.sensors.recording;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.Closeable;
import java.io.Flushable;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * Writes messages as a recording ({@link dev.rivulet.sensors.recording the format}) that {@link RecordingReader}
 * reads back byte for byte: the payload as {@code "payload"} when it is UTF-8 text, else as {@code "payloadBase64"};
 * an archived message's batch and sequence as {@code "batch"} and {@code "seq"}.
 */
public final class RecordingWriter implements Closeable, Flushable {

    private static final JsonFactory JSON = JsonFactory.builder().build();

    private final JsonGenerator json;
    private final CharsetDecoder utf8 = StandardCharsets.UTF_8.newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);

    /** Writes to {@code out}, which {@link #close()} closes. */
    public RecordingWriter(OutputStream out) throws IOException {
        this.json = JSON.createGenerator(out, JsonEncoding.UTF8);
        // One object a line, nothing between them but the newline.
        json.setRootValueSeparator(null);
    }

    /** Appends one message as one line. */
    public void write(RecordedMessage message) throws IOException {
        json.writeStartObject();
        json.writeNumberField("time", message.time());
        json.writeStringField("topic", message.topic());
        String text = utf8Text(message.payload());
        if (text != null) {
            json.writeStringField("payload", text);
        } else {
            json.writeStringField("payloadBase64", Base64.getEncoder().encodeToString(message.payload()));
        }
        if (message.archived()) {
            json.writeNumberField("batch", message.batch());
            json.writeNumberField("seq", message.sequence());
        }
        json.writeEndObject();
        json.writeRaw('\n');
    }

    /** The payload as text when it is valid UTF-8, else null. */
    private String utf8Text(byte[] payload) {
        try {
            return utf8.decode(ByteBuffer.wrap(payload)).toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }

    @Override
    public void flush() throws IOException {
        json.flush();
    }

    @Override
    public void close() throws IOException {
        json.close();
    }
}
