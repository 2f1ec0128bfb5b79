package dev.rivulet.gateway;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;

/**
 * A TCP proxy to a port on loopback that a test opens and shuts: while shut, every connection it takes is closed at
 * once (a client sees the link fail, as when a broker refuses it) and the ones it carried are cut. A test that restarts
 * a broker shuts the gate first and opens it once its own subscriber is back, so the client behind the gate cannot
 * deliver anything before there is someone to receive it. A gate can also {@link #hold()} what it carries: the
 * connections stay up and the bytes wait in the gate until {@link #release()}, as on a link that stalls.
 */
final class TcpGate implements AutoCloseable {

    private final ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    private final int target;
    private final List<Socket> carried = new ArrayList<>();
    private boolean open = true;
    private boolean held;

    TcpGate(int target) throws IOException {
        this.target = target;
        Thread acceptor = new Thread(this::accept, "tcp-gate");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    String url() {
        return "tcp://127.0.0.1:" + server.getLocalPort();
    }

    /** Cuts every connection carried now and closes each new one until {@link #open()}. */
    synchronized void shut() {
        open = false;
        carried.forEach(TcpGate::closeQuietly);
        carried.clear();
    }

    synchronized void open() {
        open = true;
    }

    /** Keeps the connections up and holds every byte they carry, either way, until {@link #release()}. */
    synchronized void hold() {
        held = true;
    }

    /** Passes on what was held, and what comes after. */
    synchronized void release() {
        held = false;
        notifyAll();
    }

    private synchronized void awaitReleased() throws InterruptedException {
        while (held) {
            wait();
        }
    }

    @Override
    public void close() throws IOException {
        shut();
        server.close();
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                synchronized (this) {
                    if (!open) {
                        closeQuietly(client);
                        continue;
                    }
                    Socket upstream;
                    try {
                        upstream = new Socket(InetAddress.getLoopbackAddress(), target);
                    } catch (IOException e) {
                        closeQuietly(client);
                        continue;
                    }
                    carried.add(client);
                    carried.add(upstream);
                    pipe(client, upstream);
                    pipe(upstream, client);
                }
            } catch (IOException e) {
                // the gate closed
            }
        }
    }

    /** Copies one direction, waiting while held; when either side ends, both sockets are closed. */
    private void pipe(Socket from, Socket to) throws IOException {
        InputStream in = from.getInputStream();
        OutputStream out = to.getOutputStream();
        Thread copier = new Thread(() -> {
            byte[] buffer = new byte[8192];
            try {
                for (int n; (n = in.read(buffer)) >= 0; ) {
                    awaitReleased();
                    out.write(buffer, 0, n);
                    out.flush();
                }
            } catch (IOException | InterruptedException e) {
                // one side closed
            } finally {
                closeQuietly(from);
                closeQuietly(to);
            }
        }, "tcp-gate-pipe");
        copier.setDaemon(true);
        copier.start();
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException e) {
            // already closed
        }
    }
}
