package dev.rivulet.status;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;
import org.tinylog.Logger;

/**
 * A small HTTP/1.x server for the status endpoint: one selector thread accepts connections, reads request heads
 * and writes responses without ever blocking, and a pool of {@link HttpLimits#workers()} threads builds the
 * responses. A client that sends half a request holds one connection and a 1 KiB buffer for at most
 * {@link HttpLimits#readTimeout()}, never a thread; at {@link HttpLimits#connections()} the oldest connection still
 * sending its request is closed for each new one, so a crowd of slow clients cannot keep monitoring out.
 *
 * <p>The JDK's {@code com.sun.net.httpserver} on Java 17 reads each request head on its executor's thread, with
 * no time limit and no connection cap: one slow client stopped it, which is why this exists.
 */
final class HttpListener implements AutoCloseable {

    /** Builds a response; runs on a worker thread, never the selector's. */
    interface Handler {
        HttpResponse respond(RequestHead request);
    }

    /** How long a client may keep its side open once it has its response, sending nothing that matters. */
    private static final long LINGER_NANOS = TimeUnit.SECONDS.toNanos(2);

    private final ServerSocketChannel server;
    private final Selector selector;
    private final HttpLimits limits;
    private final Handler handler;
    private final Clock clock;
    private final LongSupplier nanos;
    private final ExecutorService workers;
    /** Open connections, oldest first: the order eviction goes by. */
    private final LinkedHashSet<HttpConnection> connections = new LinkedHashSet<>();
    /** Responses the workers built, for the selector thread to start writing. */
    private final Queue<Runnable> built = new ConcurrentLinkedQueue<>();
    private final ByteBuffer scratch = ByteBuffer.allocateDirect(4096);
    private final Thread thread;
    private volatile boolean closing;

    private HttpListener(ServerSocketChannel server, Selector selector, HttpLimits limits, Handler handler, Clock clock,
                         LongSupplier nanos) {
        this.server = server;
        this.selector = selector;
        this.limits = limits;
        this.handler = handler;
        this.clock = clock;
        this.nanos = nanos;
        AtomicInteger count = new AtomicInteger();
        this.workers = Executors.newFixedThreadPool(limits.workers(), r -> daemon(r, "rivulet-status-worker-" + count.incrementAndGet()));
        this.thread = daemon(this::run, "rivulet-status");
    }

    /**
     * Binds {@code address} and starts serving.
     *
     * @throws IOException when the address cannot be bound, e.g. {@link java.net.BindException} for a port in use
     */
    static HttpListener open(InetSocketAddress address, HttpLimits limits, Handler handler, Clock clock, LongSupplier nanos)
            throws IOException {
        ServerSocketChannel server = ServerSocketChannel.open();
        try {
            // Connections of the previous life lingering in TIME_WAIT must not keep a restarted gateway off its port;
            // on Linux this never lets two processes listen on one port.
            server.setOption(StandardSocketOptions.SO_REUSEADDR, true);
            server.bind(address, 64);
            server.configureBlocking(false);
            Selector selector = Selector.open();
            server.register(selector, SelectionKey.OP_ACCEPT);
            HttpListener listener = new HttpListener(server, selector, limits, handler, clock, nanos);
            listener.thread.start();
            return listener;
        } catch (IOException | RuntimeException e) {
            server.close();
            throw e;
        }
    }

    /** The bound address, with the real port when bound to port 0. */
    InetSocketAddress address() {
        try {
            return (InetSocketAddress) server.getLocalAddress();
        } catch (IOException e) {
            throw new IllegalStateException("the status endpoint is closed", e);
        }
    }

    /** Stops serving and closes every connection; the port is free when this returns. */
    @Override
    public void close() {
        closing = true;
        selector.wakeup();
        workers.shutdownNow();
        if (Thread.currentThread() != thread) {
            try {
                thread.join(TimeUnit.SECONDS.toMillis(5));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void run() {
        try {
            while (!closing) {
                selector.select(untilNextDeadlineMillis());
                for (Runnable write = built.poll(); write != null; write = built.poll()) {
                    write.run();
                }
                Iterator<SelectionKey> keys = selector.selectedKeys().iterator();
                while (keys.hasNext()) {
                    SelectionKey key = keys.next();
                    keys.remove();
                    if (!key.isValid()) {
                        continue;
                    }
                    if (key.isAcceptable()) {
                        accept();
                    } else {
                        serve((HttpConnection) key.attachment());
                    }
                }
                expire();
            }
        } catch (IOException | RuntimeException e) {
            // Not a client's doing (those cost their own connection): the selector itself failed.
            Logger.error(e, "the status endpoint stopped; /health and /metrics no longer answer");
        } finally {
            new ArrayList<>(connections).forEach(this::close);
            try {
                selector.close();
                server.close();
            } catch (IOException e) {
                Logger.debug(e, "closing the status endpoint's socket");
            }
        }
    }

    private void accept() {
        while (true) {
            SocketChannel channel;
            try {
                channel = server.accept();
            } catch (IOException e) {
                // Out of file descriptors, most likely: the connections open are answered, and the next select
                // tries again.
                Logger.warn("the status endpoint cannot accept a connection now: {}", e.getMessage());
                return;
            }
            if (channel == null) {
                return;
            }
            try {
                if (connections.size() >= limits.connections() && !evictOne()) {
                    channel.close();   // every connection is being answered: this one may try again in a moment
                    continue;
                }
                channel.configureBlocking(false);
                SelectionKey key = channel.register(selector, SelectionKey.OP_READ);
                HttpConnection connection = new HttpConnection(channel, key, nanos.getAsLong() + limits.readTimeout().toNanos());
                key.attach(connection);
                    connections.add(connection);
            } catch (IOException e) {
                Logger.debug("status client went away on connecting: {}", e.getMessage());
                closeQuietly(channel);
            }
        }
    }

    private static void closeQuietly(SocketChannel channel) {
        try {
            channel.close();
        } catch (IOException e) {
            // nothing left to do with it
        }
    }

    /**
     * Makes room for a new connection: closes the oldest one still sending its request (or done and lingering), else
     * the oldest one a client is slow to read. The newest connection is the last to go, so a monitoring request
     * that sends its head at once is answered however many slow clients keep coming.
     */
    private boolean evictOne() {
        HttpConnection writing = null;
        for (HttpConnection connection : connections) {
            HttpConnection.Phase phase = connection.phase();
            if (phase == HttpConnection.Phase.READING || phase == HttpConnection.Phase.LINGERING) {
                close(connection);
                return true;
            }
            if (phase == HttpConnection.Phase.WRITING && writing == null) {
                writing = connection;
            }
        }
        if (writing != null) {
            close(writing);
            return true;
        }
        return false;
    }

    private void serve(HttpConnection connection) {
        try {
            switch (connection.phase()) {
                case READING -> read(connection);
                case WRITING -> connection.flush(nanos.getAsLong() + LINGER_NANOS);
                case LINGERING -> {
                    if (connection.drain(scratch)) {
                        close(connection);
                    }
                }
                case PROCESSING -> { }
            }
        } catch (IOException e) {
            Logger.debug("status client {} went away: {}", connection.channel, e.getMessage());
            close(connection);
        } catch (RuntimeException e) {
            // A bug of ours met by one connection: it costs that connection, not the endpoint monitoring relies on.
            Logger.error(e, "the status endpoint failed on a connection; closing it");
            close(connection);
        }
    }

    private void read(HttpConnection connection) throws IOException {
        switch (connection.readHead(limits.headBytes(), scratch)) {
            case MORE -> { }
            case CLOSED -> close(connection);
            case TOO_LARGE -> write(connection, HttpResponse.text(431, "The request head is larger than "
                    + limits.headBytes() + " bytes").encode(false, clock));
            case COMPLETE -> {
                RequestHead request;
                try {
                    request = connection.parse();
                } catch (RequestHead.Malformed e) {
                    write(connection, HttpResponse.text(e.status(), e.getMessage()).encode(false, clock));
                    return;
                }
                connection.processing(nanos.getAsLong() + limits.writeTimeout().toNanos());
                try {
                    workers.execute(() -> {
                        ByteBuffer bytes = build(request);
                        built.add(() -> {
                            if (connection.phase() == HttpConnection.Phase.PROCESSING && connection.channel.isOpen()) {
                                serve(connection, bytes);
                            }
                        });
                        selector.wakeup();
                    });
                } catch (RejectedExecutionException e) {
                    close(connection);   // closing down
                }
            }
        }
    }

    private ByteBuffer build(RequestHead request) {
        HttpResponse response;
        try {
            response = handler.respond(request);
        } catch (RuntimeException e) {
            // A bug must cost one response, not the endpoint; its text stays in the log, out of the client's sight.
            Logger.error(e, "the status request {} {} failed", request.method(), request.path());
            response = HttpResponse.text(500, "Internal error, see the gateway's log");
        }
        return response.encode(request.isHead(), clock);
    }

    /** Starts writing a response a worker built, as {@link #serve(HttpConnection)} contains its failures. */
    private void serve(HttpConnection connection, ByteBuffer bytes) {
        try {
            write(connection, bytes);
        } catch (RuntimeException e) {
            Logger.error(e, "the status endpoint failed on a connection; closing it");
            close(connection);
        }
    }

    private void write(HttpConnection connection, ByteBuffer bytes) {
        connection.write(bytes, nanos.getAsLong() + limits.writeTimeout().toNanos());
        try {
            connection.flush(nanos.getAsLong() + LINGER_NANOS);   // most responses fit the socket's buffer at once
        } catch (IOException e) {
            close(connection);
        }
    }

    /** Answers 408 to heads not complete in time, 503 to responses not built in time; closes slow readers. */
    private void expire() {
        long now = nanos.getAsLong();
        for (HttpConnection connection : new ArrayList<>(connections)) {
            if (now - connection.deadlineNanos() < 0) {
                continue;
            }
            switch (connection.phase()) {
                case READING -> serve(connection, HttpResponse.text(408, "The request head did not arrive within "
                        + text(limits.readTimeout())).encode(false, clock));
                case PROCESSING -> {
                    // Workers stuck on a source: the client hears why at once, the operator reads it here.
                    Logger.warn("a status response took longer than {} to build; the status source may be stuck",
                            text(limits.writeTimeout()));
                    serve(connection, HttpResponse.text(503, "The gateway did not produce this answer within "
                            + text(limits.writeTimeout()) + "; see its log").encode(false, clock));
                }
                case WRITING, LINGERING -> close(connection);
            }
        }
    }

    private static String text(Duration limit) {
        return limit.toMillis() % 1000 == 0 ? limit.toSeconds() + " s" : limit.toMillis() + " ms";
    }

    /** How long the selector may wait: until the next deadline, or for ever with no connection open. */
    private long untilNextDeadlineMillis() {
        if (connections.isEmpty()) {
            return 0;
        }
        long now = nanos.getAsLong();
        long next = Long.MAX_VALUE;
        for (HttpConnection connection : connections) {
            next = Math.min(next, connection.deadlineNanos() - now);
        }
        return Math.max(1, TimeUnit.NANOSECONDS.toMillis(next) + 1);
    }

    private void close(HttpConnection connection) {
        connection.close();
        connections.remove(connection);
    }

    private static Thread daemon(Runnable task, String name) {
        Thread thread = new Thread(task, name);
        thread.setDaemon(true);
        return thread;
    }
}
