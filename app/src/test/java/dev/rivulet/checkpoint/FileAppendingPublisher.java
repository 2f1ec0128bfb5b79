package dev.rivulet.checkpoint;

import dev.rivulet.sensors.MessagePublisher;
import dev.rivulet.sensors.PublishCallback;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The crash test's broker: a publish is "delivered" once its line ({@code topic TAB payload}) is written and
 * fsynced, and only then is the callback told. Every start writes a {@value #START} marker line, so the test
 * can tell a message re-sent after a restart from one queued twice. Every 7th publish is refused, so the
 * forwarder's retry path runs under the kills too.
 */
final class FileAppendingPublisher implements MessagePublisher {

    static final String START = "# start";

    private final FileChannel file;
    private int attempts;

    FileAppendingPublisher(Path path) throws IOException {
        file = FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.READ);
        // A kill in the middle of a write can leave half a line, whose publish never completed: cut it off.
        long size = file.size();
        long end = size;
        ByteBuffer one = ByteBuffer.allocate(1);
        while (end > 0) {
            one.clear();
            file.read(one, end - 1);
            if (one.get(0) == '\n') {
                break;
            }
            end--;
        }
        file.truncate(end);
        file.position(end);
        append(START);
    }

    @Override
    public void publish(String topic, byte[] payload, int qos, boolean retained, PublishCallback callback) {
        synchronized (this) {
            if (++attempts % 7 == 0) {
                callback.completed(new IOException("refused, as a flaky uplink would"));
                return;
            }
            append(topic + "\t" + new String(payload, StandardCharsets.UTF_8));
        }
        callback.completed(null);
    }

    private void append(String line) {
        try {
            ByteBuffer bytes = ByteBuffer.wrap((line + "\n").getBytes(StandardCharsets.UTF_8));
            while (bytes.hasRemaining()) {
                file.write(bytes);
            }
            file.force(false);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public boolean isConnected() {
        return true;
    }

    @Override
    public synchronized void close() {
        try {
            file.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The file's lines, for the test. */
    static java.util.List<String> lines(Path path) throws IOException {
        return Files.exists(path) ? Files.readAllLines(path, StandardCharsets.UTF_8) : java.util.List.of();
    }
}
