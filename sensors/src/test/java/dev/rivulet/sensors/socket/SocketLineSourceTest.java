package dev.rivulet.sensors.socket;

import dev.rivulet.sensors.CollectingSink;
import dev.rivulet.sensors.Reading;
import dev.rivulet.sensors.decode.CsvDecoder;
import org.junit.jupiter.api.Test;

import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Against a real TCP server on the loopback interface. */
class SocketLineSourceTest {
    private static final Duration WAIT = Duration.ofSeconds(10);

    @Test
    void decodesLinesDeadLettersBadOnesAndReconnectsWhenTheServerDropsUs() throws Exception {
        CollectingSink sink = new CollectingSink();
        try (ServerSocket server = new ServerSocket(0, 5, InetAddress.getLoopbackAddress());
             SocketLineSource source = new SocketLineSource("lines", "127.0.0.1", server.getLocalPort(),
                     CsvDecoder.of("lines", "key,boardings,alightings", null), 32, () -> 7L)) {
            source.start(sink, sink);
            try (Socket first = server.accept()) {
                OutputStream out = first.getOutputStream();
                out.write(("bus-1,3,1\r\nbus-2,x,0\n\n" + "y".repeat(100) + "\nbus-3,2,").getBytes(StandardCharsets.UTF_8));
                out.write("2\n".getBytes(StandardCharsets.UTF_8));
                out.flush();
                List<CollectingSink.Pushed> got = sink.take(2, WAIT);
                Reading r = got.get(0).reading();
                assertEquals("bus-1", r.key());
                assertEquals(3.0, r.value("boardings"));
                assertEquals(7L, r.arrivalTime());
                assertEquals("bus-3", got.get(1).reading().key());
                assertEquals(2, sink.awaitDeadLetters(2, WAIT).size());
                assertTrue(sink.deadLetters().get(1).reason().contains("longer than 32 bytes"));
            }
            try (Socket second = server.accept()) {
                second.getOutputStream().write("bus-4,1,0\n".getBytes(StandardCharsets.UTF_8));
                assertEquals("bus-4", sink.take(1, WAIT).get(0).reading().key());
            }
            assertEquals(5, source.counters().received(), "non-empty lines");
            assertEquals(3, source.counters().decoded());
            assertEquals(2, source.counters().deadLettered());
        }
    }
}
