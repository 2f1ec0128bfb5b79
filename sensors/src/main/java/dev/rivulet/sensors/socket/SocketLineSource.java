package dev.rivulet.sensors.socket;

import dev.rivulet.sensors.DeadLetter;
import dev.rivulet.sensors.DeadLetterSink;
import dev.rivulet.sensors.LineReader;
import dev.rivulet.sensors.ReadingSink;
import dev.rivulet.sensors.SingleThreadSource;
import dev.rivulet.sensors.decode.DecodeResult;
import dev.rivulet.sensors.decode.PayloadDecoder;
import dev.rivulet.sensors.mqtt.Backoff;
import org.tinylog.Logger;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * Connects to a TCP server and decodes each line it sends, like Spark's {@code socketTextStream}
 * ({@code nc -lk 9999} is enough to feed it). Reconnects with capped, jittered backoff when the server goes
 * away. Lines longer than {@code maxLineBytes} are dead-lettered without being kept whole in memory. TCP is its
 * own backpressure: while the engine is behind, this source stops reading and the sender's writes block.
 */
public final class SocketLineSource extends SingleThreadSource {
    private final String host;
    private final int port;
    private final PayloadDecoder decoder;
    private final int maxLineBytes;
    private final Backoff backoff;
    private final LongSupplier clock;
    private volatile Socket socket;

    /**
     * @param decoder      decodes each line; the "topic" it sees is {@code host:port}
     * @param maxLineBytes longest accepted line, default 65536
     */
    public SocketLineSource(String name, String host, int port, PayloadDecoder decoder, int maxLineBytes, LongSupplier clock) {
        super(name);
        if (port < 1 || port > 65_535) {
            throw new IllegalArgumentException("socket.port=" + port + ": expected 1..65535");
        }
        if (maxLineBytes < 1) {
            throw new IllegalArgumentException("socket.maxLineBytes=" + maxLineBytes + ": must be positive");
        }
        this.host = host;
        this.port = port;
        this.decoder = decoder;
        this.maxLineBytes = maxLineBytes;
        this.clock = clock;
        this.backoff = new Backoff(Duration.ofMillis(200), Duration.ofSeconds(10));
    }

    @Override
    protected void run(ReadingSink sink, DeadLetterSink deadLetters) throws InterruptedException {
        String topic = host + ":" + port;
        int failures = 0;
        while (!isClosed()) {
            try (Socket s = new Socket()) {
                socket = s;
                s.connect(new InetSocketAddress(host, port), 10_000);
                failures = 0;
                Logger.info("socket source '{}': connected to {}", name(), topic);
                readLines(s.getInputStream(), topic, sink, deadLetters);
            } catch (IOException e) {
                if (isClosed()) {
                    return;
                }
                Logger.warn("socket source '{}': {}: {}", name(), topic, e.getMessage());
            }
            if (!isClosed()) {
                Thread.sleep(backoff.delayMillis(failures++));
            }
        }
    }

    private void readLines(InputStream raw, String topic, ReadingSink sink, DeadLetterSink deadLetters)
            throws IOException, InterruptedException {
        LineReader lines = new LineReader(raw, maxLineBytes);
        DecodeResult result = new DecodeResult();
        for (LineReader.Line line; (line = lines.next()) != null && line.terminated(); ) {
            long now = clock.getAsLong();
            byte[] bytes = line.bytes();
            if (line.overflow() > 0) {
                counters().addReceived(1);
                counters().addDeadLettered(1);
                deadLetters.deadLetter(new DeadLetter(name(), topic, bytes, "line longer than " + maxLineBytes + " bytes ("
                        + (bytes.length + line.overflow()) + ")", now));
                continue;
            }
            if (bytes.length == 0) {
                continue;
            }
            counters().addReceived(1);
            result.clear();
            decoder.decode(topic, bytes, now, result);
            deliver(topic, result, now, sink, deadLetters);
        }
        // A last line without its end is dropped: the connection closed in the middle of it.
        throw new IOException("server closed the connection");
    }

    @Override
    protected void onClose() {
        Socket s = socket;
        if (s != null) {
            try {
                s.close();
            } catch (IOException e) {
                // closing anyway
            }
        }
    }
}
