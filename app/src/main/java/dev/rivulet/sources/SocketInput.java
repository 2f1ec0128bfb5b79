package dev.rivulet.sources;

import dev.rivulet.config.ConfigNode;
import dev.rivulet.config.Key;
import dev.rivulet.config.Kind;
import dev.rivulet.sensors.Source;
import dev.rivulet.sensors.socket.SocketLineSource;
import java.util.List;

/**
 * {@code type: socket}: lines from a TCP server, like Spark's socketTextStream.
 *
 * @param name    the source's name
 * @param limits  what the source may buffer and take: buffer, max-rate, max-keys
 * @param host    the server's host
 * @param port    its port
 * @param decoder how a line becomes a reading
 */
public record SocketInput(String name, SourceLimits limits, String host, int port, Decoder decoder) implements SourceKind {

    private static final Key HOST = new Key("host", Key.Type.STRING, "127.0.0.1", "the server sending lines");
    private static final Key PORT = new Key("port", Key.Type.INTEGER, "9999", "its TCP port");

    static final Kind<SourceKind> KIND = new Kind<>("socket", List.of(HOST, PORT, Decoder.DECODER), SocketInput::read);

    private static SocketInput read(String name, ConfigNode node) {
        return new SocketInput(name, SourceLimits.read(node),
                HOST.string(node), PORT.integer(node, 1, 65_535),
                Decoder.read(node));
    }

    @Override
    public Source open(SourceLinks links) {
        return new SocketLineSource(name, host, port, decoder.open(name), 64 * 1024, System::currentTimeMillis);
    }
}
