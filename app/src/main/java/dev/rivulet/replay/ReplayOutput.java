package dev.rivulet.replay;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.rivulet.outputs.PinRequest;
import dev.rivulet.sensors.DigitalOutput;
import dev.rivulet.sensors.MessagePublisher;
import dev.rivulet.sensors.PublishCallback;
import dev.rivulet.storage.OutboxMessage;
import dev.rivulet.streaming.clock.Clock;
import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * What a replay would have sent, one JSON object a line, in the order it would have gone:
 * <ul>
 *   <li>{@code {"output":"upstream","id":...,"topic":...,"payload":...}}: summaries, results and alerts for the
 *   central broker, with the ids the live gateway gives them (its outbox);</li>
 *   <li>{@code {"output":"mqtt","broker":...,"time":...,"topic":...,"payload":...}}: what MQTT outputs publish;</li>
 *   <li>{@code {"output":"gpio","pin":N,"time":...,"state":"on|off|blink"}}: what GPIO outputs do.</li>
 * </ul>
 * {@code time} is the replayed clock's (epoch milliseconds); payloads are the UTF-8 text the outputs build.
 */
final class ReplayOutput implements Closeable {

    private static final JsonFactory JSON = JsonFactory.builder().build();

    private final JsonGenerator json;
    private final Clock clock;
    private long lines;

    ReplayOutput(OutputStream out, Clock clock) throws IOException {
        this.json = JSON.createGenerator(out, JsonEncoding.UTF8);
        json.setRootValueSeparator(null);
        this.clock = clock;
    }

    /** A message the gateway would have queued for upstream. */
    synchronized void upstream(OutboxMessage message) {
        try {
            json.writeStartObject();
            json.writeStringField("output", "upstream");
            json.writeStringField("id", message.id());
            json.writeStringField("topic", message.topic());
            json.writeStringField("payload", new String(message.payload(), StandardCharsets.UTF_8));
            end();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The publisher of one broker: every publish becomes a line, and succeeds. */
    MessagePublisher publisher(String broker) {
        return new MessagePublisher() {
            @Override
            public void publish(String topic, byte[] payload, int qos, boolean retained, PublishCallback callback) {
                mqtt(broker, topic, payload);
                callback.completed(null);
            }

            @Override
            public boolean isConnected() {
                return true;
            }

            @Override
            public void close() {
                flush();
            }
        };
    }

    private synchronized void mqtt(String broker, String topic, byte[] payload) {
        try {
            json.writeStartObject();
            json.writeStringField("output", "mqtt");
            json.writeStringField("broker", broker);
            json.writeNumberField("time", clock.wallTimeMillis());
            json.writeStringField("topic", topic);
            json.writeStringField("payload", new String(payload, StandardCharsets.UTF_8));
            end();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The pin of a GPIO output: every change becomes a line. */
    DigitalOutput pin(PinRequest output) {
        return new DigitalOutput() {
            @Override
            public void on() {
                gpio(output.pin(), "on");
            }

            @Override
            public void off() {
                gpio(output.pin(), "off");
            }

            @Override
            public void blink(long onMillis, long offMillis) {
                gpio(output.pin(), "blink");
            }

            @Override
            public void close() {
                flush();
            }
        };
    }

    private synchronized void gpio(int pin, String state) {
        try {
            json.writeStartObject();
            json.writeStringField("output", "gpio");
            json.writeNumberField("pin", pin);
            json.writeNumberField("time", clock.wallTimeMillis());
            json.writeStringField("state", state);
            end();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void end() throws IOException {
        json.writeEndObject();
        json.writeRaw('\n');
        lines++;
    }

    /** Lines written so far. */
    synchronized long lines() {
        return lines;
    }

    synchronized void flush() {
        try {
            json.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public synchronized void close() throws IOException {
        json.close();
    }
}
