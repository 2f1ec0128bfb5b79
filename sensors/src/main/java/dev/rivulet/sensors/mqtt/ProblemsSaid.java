package dev.rivulet.sensors.mqtt;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The connection problems a client has said in the log since it was last connected: each once. A link can alternate
 * between two failures at every retry (a broker refusing the client's certificate is seen as that refusal on one try
 * and as a reset connection on the next, by Paho's sending thread), and saying each change would say both at every
 * retry. Safe from any thread: the client's, Paho's, and the one that first connects.
 */
final class ProblemsSaid {

    private final Set<String> said = ConcurrentHashMap.newKeySet();

    /** Whether {@code problem} is said for the first time since the last connection (and now counts as said). */
    boolean first(String problem) {
        return said.add(problem);
    }

    /** The client connected: a problem after this is said again. */
    void connected() {
        said.clear();
    }
}
