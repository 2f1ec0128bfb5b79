package dev.rivulet.sensors;

/** Sends messages out (alerts, summaries, simulated sensors). The MQTT publisher implements it. */
public interface MessagePublisher extends AutoCloseable {
    /**
     * Publishes one message. The callback fires exactly once, from any thread: {@code null} on success, else
     * the error (not connected, timed out waiting for an in-flight slot, broker refusal). At most a bounded
     * number of publishes are in flight: when full this blocks until a slot frees, up to the publisher's
     * configured wait, and then completes the callback with an error instead of queueing without bound.
     *
     * @param qos 0 or 1
     */
    void publish(String topic, byte[] payload, int qos, boolean retained, PublishCallback callback);

    boolean isConnected();

    /** Why the link fails, in the operator's words (what, the key to look at, the fix); null when none. */
    default String problem() {
        return null;
    }

    /**
     * Calls {@code listener}, on a thread of the publisher's, each time {@link #isConnected()} or {@link #problem()}
     * may have changed. Publishers without a link never call it.
     */
    default void onLinkChange(Runnable listener) {
    }

    @Override
    void close();
}
