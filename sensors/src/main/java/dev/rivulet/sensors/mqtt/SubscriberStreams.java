package dev.rivulet.sensors.mqtt;

import java.io.InputStream;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What a subscriber's connection reads its input through, found by client id by the network-module factories that
 * Paho loads ({@link V5NetworkModules}, {@link V3NetworkModules}): a subscriber asks Paho for
 * {@code rivulet+tcp://host:port} instead of {@code tcp://host:port}, and the factory opens Paho's own module for
 * the plain scheme and reads its input through these streams. Nearest the socket, PUBLISH packets over the size
 * limit are replaced ({@link OversizedPublishes}); then, on MQTT 5, the DUP flags are read ({@link PublishDupFlags}).
 *
 * @param dupFlags the DUP flags (MQTT 5; Paho's v3 messages carry them), or null
 * @param sizes    the size limit
 */
record SubscriberStreams(PublishDupFlags dupFlags, OversizedPublishes sizes) {

    static final String PREFIX = "rivulet+";
    private static final Map<String, SubscriberStreams> BY_CLIENT_ID = new ConcurrentHashMap<>();

    /** The URI under which a subscriber's connection reads through its streams, for {@code serverUri}. */
    static String uriFor(String serverUri) {
        return PREFIX + serverUri;
    }

    /** Reads the connections of client {@code clientId} through {@code streams}, until {@link #forget}. */
    static void register(String clientId, SubscriberStreams streams) {
        BY_CLIENT_ID.put(clientId, streams);
    }

    static void forget(String clientId, SubscriberStreams streams) {
        BY_CLIENT_ID.remove(clientId, streams);
    }

    /** The streams of client {@code clientId}, or null. */
    static SubscriberStreams of(String clientId) {
        return BY_CLIENT_ID.get(clientId);
    }

    /** A new connection starts: nothing of the last one counts. */
    void reset() {
        if (dupFlags != null) {
            dupFlags.reset();
        }
        sizes.reset();
    }

    /** The socket's input {@code in} as Paho should read it. */
    InputStream reading(InputStream in) {
        InputStream limited = sizes.reading(in);
        return dupFlags == null ? limited : dupFlags.reading(limited);
    }
}
