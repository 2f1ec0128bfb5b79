package dev.rivulet.status;

import java.io.IOException;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import org.tinylog.Logger;

/**
 * Which names a request may give in its Host header. A web page the operator opens could otherwise read the
 * gateway through DNS rebinding: its own name, made to resolve to 127.0.0.1, would reach the status endpoint
 * with that name as Host. A browser always sends the name it connected to, so answering only to this machine's
 * names closes that door.
 *
 * <p>Accepted: {@code localhost}; any IP address of this machine (loopback, its interfaces' addresses, and the
 * wildcard); the configured {@code status.address}; the machine's hostname, {@code hostname.local} (mDNS, as a
 * Raspberry Pi is usually reached) and its canonical name; and the names in {@code status.allowed-hosts}. The port
 * part is not checked: it protects nothing here (rebinding keeps the port) and proxies rewrite it.
 */
final class HostRule {

    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");
    private static final Pattern IPV6 = Pattern.compile("[0-9a-fA-F:.]+(%[0-9A-Za-z_.-]+)?");
    private static final Pattern PORT = Pattern.compile("\\d{0,5}");

    private final InetAddress bound;
    private final Set<String> named = new LinkedHashSet<>();
    /** The machine's own names, looked up on the first request that needs them: a lookup may wait on DNS. */
    private volatile Set<String> machineNames;

    /**
     * @param address      the configured {@code status.address}, as written
     * @param bound        the address bound
     * @param allowedHosts the configured {@code status.allowed-hosts}
     */
    HostRule(String address, InetAddress bound, List<String> allowedHosts) {
        this.bound = bound;
        named.add("localhost");
        named.add(normalise(address));
        allowedHosts.forEach(host -> named.add(normalise(host)));
    }

    /** Null when the request may be answered; else the response refusing it (400 or 421), saying why. */
    HttpResponse check(RequestHead request) {
        String authority = request.absoluteAuthority();
        if (authority == null) {
            List<String> hosts = request.field("Host");
            if (hosts.size() > 1) {
                return HttpResponse.text(400, "More than one Host header");
            }
            if (hosts.isEmpty()) {
                // RFC 9112 §3.2: HTTP/1.1 requires Host. An HTTP/1.0 client without one is not a browser.
                return request.version().equals("HTTP/1.0") ? null : HttpResponse.text(400, "HTTP/1.1 requests need a Host header");
            }
            authority = hosts.get(0);
        }
        String host = hostOf(authority);
        if (host == null) {
            return HttpResponse.text(400, "The Host header '" + printable(authority) + "' is not a host[:port]");
        }
        if (accepts(host)) {
            return null;
        }
        return HttpResponse.text(421, "This gateway does not answer to the name '" + printable(host) + "'. Reach it by"
                + " localhost, its own name or address, or add the name to status.allowed-hosts in its configuration.");
    }

    /** Whether {@code host} (no port, IPv6 without brackets) names this machine. */
    boolean accepts(String host) {
        String name = normalise(host);
        if (named.contains(name)) {
            return true;
        }
        if (IPV4.matcher(name).matches() || name.contains(":") && IPV6.matcher(name).matches()) {
            return isOwnAddress(name);
        }
        return machineNames().contains(name);
    }

    /** The host of {@code host[:port]} or {@code [v6]:port}, IPv6 without brackets; null when it is neither. */
    static String hostOf(String authority) {
        String host;
        String port;
        if (authority.startsWith("[")) {
            int close = authority.indexOf(']');
            if (close < 0 || close + 1 < authority.length() && authority.charAt(close + 1) != ':') {
                return null;
            }
            host = authority.substring(1, close);
            port = close + 1 < authority.length() ? authority.substring(close + 2) : "";
            if (!host.contains(":") || !IPV6.matcher(host).matches()) {
                return null;
            }
        } else {
            int colon = authority.indexOf(':');
            host = colon < 0 ? authority : authority.substring(0, colon);
            port = colon < 0 ? "" : authority.substring(colon + 1);
            if (host.isEmpty() || !host.matches("[A-Za-z0-9._~!$&'()*+,;=%-]+")) {
                return null;
            }
        }
        return PORT.matcher(port).matches() ? host : null;
    }

    private boolean isOwnAddress(String literal) {
        try {
            // Only a valid literal reaches getByName, which then looks nothing up: a bad IPv4 octet is not an address,
            // and brackets make a bad IPv6 literal an error, not a DNS query.
            boolean v6 = literal.contains(":");
            if (!v6 && Arrays.stream(literal.split("\\.")).anyMatch(octet -> Integer.parseInt(octet) > 255)) {
                return false;
            }
            InetAddress address = InetAddress.getByName(v6 ? "[" + literal + "]" : literal);
            return address.isLoopbackAddress() || address.isAnyLocalAddress() || address.equals(bound)
                    || NetworkInterface.getByInetAddress(address) != null;
        } catch (UnknownHostException | SocketException e) {
            return false;
        }
    }

    private Set<String> machineNames() {
        Set<String> names = machineNames;
        if (names == null) {
            names = lookUpMachineNames();
            machineNames = names;
        }
        return names;
    }

    private static Set<String> lookUpMachineNames() {
        Set<String> names = new LinkedHashSet<>();
        String hostname = null;
        try {
            hostname = Files.readString(Path.of("/proc/sys/kernel/hostname")).strip();
        } catch (IOException | RuntimeException e) {
            try {
                hostname = InetAddress.getLocalHost().getHostName();
            } catch (UnknownHostException unknown) {
                Logger.debug("this machine's name is unknown: {}", unknown.getMessage());
            }
        }
        if (hostname != null && !hostname.isEmpty()) {
            names.add(normalise(hostname));
            names.add(normalise(hostname) + ".local");
            try {
                names.add(normalise(InetAddress.getByName(hostname).getCanonicalHostName()));
            } catch (UnknownHostException e) {
                Logger.debug("{} has no canonical name: {}", hostname, e.getMessage());
            }
        }
        Logger.debug("the status endpoint answers to the machine's names {}", names);
        return Set.copyOf(names);
    }

    /** Lower case, without the trailing dot of a fully qualified name ({@code pi.example.} is {@code pi.example}). */
    private static String normalise(String host) {
        String lower = host.strip().toLowerCase(Locale.ROOT);
        if (lower.startsWith("[") && lower.endsWith("]")) {
            lower = lower.substring(1, lower.length() - 1);
        }
        return lower.endsWith(".") ? lower.substring(0, lower.length() - 1) : lower;
    }

    /** A client's text as it may appear in a response: printable ASCII, at most 100 characters. */
    private static String printable(String text) {
        String cut = text.length() > 100 ? text.substring(0, 100) + "..." : text;
        return cut.replaceAll("[^\\x20-\\x7e]", "?");
    }
}
