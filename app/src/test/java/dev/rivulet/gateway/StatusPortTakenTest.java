package dev.rivulet.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rivulet.configfile.ConfigLoader;
import dev.rivulet.configfile.RivuletConfig;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A status port another program holds stops the start, before anything runs, with the keys and the fix; what the
 * failed start opened is closed again, so the next start on a free port takes the same state.
 */
class StatusPortTakenTest {

    @TempDir
    Path state;

    @Test
    void aTakenStatusPortStopsTheStartAndLeavesTheStateUsable() throws Exception {
        try (ServerSocket squatter = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"))) {
            int port = squatter.getLocalPort();
            GatewayStartException refused = assertThrows(GatewayStartException.class, () -> start(config(port)));
            assertTrue(refused.getMessage().startsWith("status.address 127.0.0.1, status.port " + port
                    + ": the status page cannot listen there ("), refused.getMessage());
            assertTrue(refused.getMessage().contains("choose another status.port, or set status.port: 0 to run without"
                    + " the status page"), refused.getMessage());
        }
        try (Gateway gateway = start(config(0))) {
            assertTrue(gateway.awaitFirstBatch(Duration.ofSeconds(30)), "the state the failed start opened was closed");
            assertEquals(null, gateway.statusUri(), "port 0: no status page");
        }
    }

    @Test
    void anAddressNotOfThisMachineSaysWhatToWrite() throws Exception {
        RivuletConfig config = ConfigLoader.parse(yaml(9780).replace("status: {port: 9780}",
                "status: {address: 192.0.2.1, port: 9780}"), "depot.yaml");
        GatewayStartException refused = assertThrows(GatewayStartException.class, () -> start(config));
        assertTrue(refused.getMessage().contains("Set status.address to an address of this machine"), refused.getMessage());
    }

    private Gateway start(RivuletConfig config) throws Exception {
        return Gateway.start(config, output -> {
            throw new AssertionError("no pins");
        });
    }

    private RivuletConfig config(int port) throws Exception {
        return ConfigLoader.parse(yaml(port), "depot.yaml");
    }

    private String yaml(int port) {
        return """
                gateway: {id: depot}
                batch: {interval: 100ms}
                storage: {directory: '%s'}
                status: {port: %d}
                sources:
                  fleet: {type: simulator, buses: 4, speed: 600}
                pipelines:
                  occupancy: {type: bus-occupancy, source: fleet, boardings: boardings, alightings: alightings}
                """.formatted(state, port);
    }
}
