package dev.rivulet.status;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.util.Arrays;

/**
 * One client connection of the status endpoint, through its life: reading the request head, waiting for a worker
 * to build the response, writing it, and lingering until the client has closed (so that closing with unread
 * bytes does not reset the connection and destroy the response on its way). Touched only by the selector thread.
 */
final class HttpConnection {

    /** Where a connection is in its life. */
    enum Phase {
        /** Reading the request head; may be evicted when the cap is reached. */
        READING,
        /** A worker builds the response (503 if it takes longer than the write time limit). */
        PROCESSING,
        /** Writing the response. */
        WRITING,
        /** Response sent and output shut down; reading whatever the client still sends until it closes. */
        LINGERING
    }

    /** What reading brought. */
    enum Read { MORE, COMPLETE, TOO_LARGE, CLOSED }

    private static final int FIRST_BUFFER = 1024;

    final SocketChannel channel;
    final SelectionKey key;
    private Phase phase = Phase.READING;
    private long deadlineNanos;
    private byte[] head = new byte[FIRST_BUFFER];
    private int received;
    private int headLength;
    private ByteBuffer response;

    HttpConnection(SocketChannel channel, SelectionKey key, long deadlineNanos) {
        this.channel = channel;
        this.key = key;
        this.deadlineNanos = deadlineNanos;
    }

    Phase phase() {
        return phase;
    }

    /** When the current phase must be over. */
    long deadlineNanos() {
        return deadlineNanos;
    }

    /**
     * Reads what the client sent, up to {@code limit} bytes of head in all. The buffer starts at 1 KiB and doubles,
     * so the 50 idle connections of a slow client cost 50 KiB, not 50 times the limit.
     */
    Read readHead(int limit, ByteBuffer scratch) throws IOException {
        scratch.clear().limit(Math.min(scratch.capacity(), limit - received));
        int count = channel.read(scratch);
        if (count < 0) {
            return Read.CLOSED;
        }
        if (received + count > head.length) {
            head = Arrays.copyOf(head, Math.min(limit, Math.max(head.length * 2, received + count)));
        }
        scratch.flip().get(head, received, count);
        // Only the new bytes and the three before them can end the head: a client sending one byte at a time
        // costs one pass over its head, not one per byte.
        int end = RequestHead.end(head, Math.max(0, received - 3), received + count);
        received += count;
        if (end > 0) {
            headLength = end;
            return Read.COMPLETE;
        }
        return received >= limit ? Read.TOO_LARGE : Read.MORE;
    }

    /** The request head, once {@link #readHead} said it is complete. */
    RequestHead parse() throws RequestHead.Malformed {
        return RequestHead.parse(head, headLength);
    }

    /** Hands the request to a worker, whose response is due by {@code deadlineNanos}; no reading meanwhile. */
    void processing(long deadlineNanos) {
        phase = Phase.PROCESSING;
        head = null;
        this.deadlineNanos = deadlineNanos;
        key.interestOps(0);
    }

    /** Starts writing {@code bytes}, within {@code deadlineNanos}. */
    void write(ByteBuffer bytes, long deadlineNanos) {
        phase = Phase.WRITING;
        head = null;
        response = bytes;
        this.deadlineNanos = deadlineNanos;
        key.interestOps(SelectionKey.OP_WRITE);
    }

    /**
     * Writes what the socket takes now; when all is written, shuts the output down (the client sees the end of the
     * response) and lingers until {@code lingerUntilNanos}. Returns whether all is written.
     */
    boolean flush(long lingerUntilNanos) throws IOException {
        channel.write(response);
        if (response.hasRemaining()) {
            return false;
        }
        response = null;
        channel.shutdownOutput();
        phase = Phase.LINGERING;
        deadlineNanos = lingerUntilNanos;
        key.interestOps(SelectionKey.OP_READ);
        return true;
    }

    /** Reads and drops what a lingering client still sends; true once it has closed its side. */
    boolean drain(ByteBuffer scratch) throws IOException {
        scratch.clear();
        return channel.read(scratch) < 0;
    }

    /** Closes the connection; never throws. */
    void close() {
        key.cancel();
        try {
            channel.close();
        } catch (IOException e) {
            // Closing a socket that failed: nothing left to do with it.
        }
    }
}
