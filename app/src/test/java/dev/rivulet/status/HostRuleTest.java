package dev.rivulet.status;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Requests naming another host than this machine are refused, so that a web page cannot read the gateway through
 * DNS rebinding; the names an operator reaches it by are answered.
 */
class HostRuleTest {

    private final ScriptedSource source = ScriptedSource.twoBuses();

    @Test
    void aForgedHostGets421WithTheKeyToAddIt() throws Exception {
        try (StatusServer server = StatusServer.start("127.0.0.1", 0, source)) {
            RawHttp forged = RawHttp.get(server.address(), "/api/status", "attacker.example");
            assertEquals(421, forged.status());
            assertEquals("text/plain; charset=utf-8", forged.header("Content-Type"));
            assertTrue(forged.body().contains("'attacker.example'") && forged.body().contains("status.allowed-hosts"), forged.body());
            assertEquals(421, RawHttp.get(server.address(), "/health", "attacker.example:9780").status());
            assertEquals(421, RawHttp.exchange(server.address(),
                    "GET http://attacker.example/api/status HTTP/1.1\r\nHost: localhost\r\n\r\n").status(),
                    "an absolute target's authority overrides Host");
            assertEquals(421, RawHttp.get(server.address(), "/", "127.0.0.1.attacker.example").status());
        }
    }

    @Test
    void hostMissingRepeatedOrMalformedGets400() throws Exception {
        try (StatusServer server = StatusServer.start("127.0.0.1", 0, source)) {
            InetSocketAddress address = server.address();
            RawHttp missing = RawHttp.exchange(address, "GET /health HTTP/1.1\r\n\r\n");
            assertEquals(400, missing.status());
            assertTrue(missing.body().contains("Host"), missing.body());
            assertEquals(400, RawHttp.exchange(address, "GET /health HTTP/1.1\r\nHost: localhost\r\nHost: attacker.example\r\n\r\n").status());
            assertEquals(400, RawHttp.get(address, "/health", "").status());
            assertEquals(400, RawHttp.get(address, "/health", "localhost:http").status());
            assertEquals(400, RawHttp.get(address, "/health", "[::1").status());
        }
    }

    @Test
    void loopbackNamesTheBoundAddressAndConfiguredNamesAreAnswered() throws Exception {
        try (StatusServer server = StatusServer.start("127.0.0.1", 0, List.of("Gateway-17.Depot.example"), source)) {
            InetSocketAddress address = server.address();
            for (String host : List.of("localhost", "LOCALHOST:9780", "127.0.0.1", "127.0.0.1:" + address.getPort(),
                    "[::1]", "[::1]:9780", "127.0.0.2", "gateway-17.depot.example", "gateway-17.depot.example.:80")) {
                assertEquals(200, RawHttp.get(address, "/health", host).status(), host);
            }
            assertEquals(200, RawHttp.exchange(address, "GET http://localhost:9780/health HTTP/1.1\r\nHost: x\r\n\r\n").status());
        }
    }

    @Test
    void thisMachinesNamesAndAddressesAreAnswered() throws Exception {
        HostRule rule = new HostRule("0.0.0.0", InetAddress.getByName("0.0.0.0"), List.of());
        String hostname = java.nio.file.Files.readString(java.nio.file.Path.of("/proc/sys/kernel/hostname")).strip();
        assertTrue(rule.accepts(hostname), hostname);
        assertTrue(rule.accepts(hostname.toUpperCase(java.util.Locale.ROOT) + ".local"), "its mDNS name");
        for (NetworkInterface network : Collections.list(NetworkInterface.getNetworkInterfaces())) {
            for (InetAddress own : Collections.list(network.getInetAddresses())) {
                String literal = own.getHostAddress();
                assertTrue(rule.accepts(literal), literal + " of " + network.getName());
            }
        }
        assertTrue(rule.accepts("0.0.0.0"));
        assertEquals(false, rule.accepts("192.0.2.1"), "TEST-NET-1 is no address of this machine");
        assertEquals(false, rule.accepts("999.0.0.1"), "not an address, and not looked up either");
        assertEquals(false, rule.accepts("rivulet.invalid"));
    }

    @Test
    void theAuthorityIsSplitIntoHostAndPort() {
        assertEquals("localhost", HostRule.hostOf("localhost:9780"));
        assertEquals("::1", HostRule.hostOf("[::1]:9780"));
        assertEquals("::1", HostRule.hostOf("[::1]"));
        assertEquals("pi.local", HostRule.hostOf("pi.local"));
        assertNull(HostRule.hostOf("[::1]x"));
        assertNull(HostRule.hostOf("a b"));
        assertNull(HostRule.hostOf("host:port"));
        assertNull(HostRule.hostOf(""));
    }
}
