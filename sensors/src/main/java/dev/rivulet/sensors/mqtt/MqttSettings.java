package dev.rivulet.sensors.mqtt;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;

/**
 * Everything one MQTT client needs, each setting with its default. Set with the fluent methods;
 * {@link #validate()} runs when a source or publisher starts and names the setting at fault.
 */
public final class MqttSettings {
    /** The default {@link #maxMessageBytes}: 64 KiB, the decoders' own payload limit. */
    public static final int DEFAULT_MAX_MESSAGE_BYTES = 64 * 1024;
    /**
     * Room for the rest of a PUBLISH besides its payload, in {@link #maxPacketBytes}: the fixed header, the topic,
     * the packet id and MQTT 5 properties. A topic of a few hundred bytes and a few user properties take far less.
     */
    public static final int PACKET_HEADROOM = 8 * 1024;
    /** The largest payload MQTT can carry: a remaining length of 268,435,455 less the topic length and packet id. */
    public static final int MAX_MESSAGE_BYTES = 268_435_455 - PACKET_HEADROOM;
    private String serverUri;
    private String clientId;
    private MqttVersion version = MqttVersion.V5;
    private String username;
    private String password;
    private TlsSettings tls;
    private List<String> topics = List.of();
    private int qos = 1;
    private boolean persistentSession = true;
    private Duration sessionExpiry = Duration.ofDays(1);
    private Duration keepAlive = Duration.ofSeconds(30);
    private Duration connectTimeout = Duration.ofSeconds(10);
    private Duration reconnectInitialDelay = Duration.ofMillis(500);
    private Duration reconnectMaxDelay = Duration.ofSeconds(30);
    /** 0: not set, follow {@link #bufferCapacity} (capped at 65,535). */
    private int receiveMaximum;
    private int bufferCapacity = 10_000;
    /** 0: not set, an eighth of the heap ({@link #bufferBytes()}). */
    private long bufferBytes;
    private int maxInFlight = 100;
    private Duration publishWait = Duration.ofSeconds(10);
    private int maxMessageBytes = DEFAULT_MAX_MESSAGE_BYTES;
    private String maxMessageBytesKey = "mqtt.maxMessageBytes";
    private Function<ConnectionFailure, String> failureText =
            failure -> "MQTT " + clientId + " at " + serverUri + ": " + failure.kind() + ": " + failure.detail();

    /** A client for {@code serverUri} ({@code tcp://host:1883} or {@code ssl://host:8883}) named {@code clientId}. */
    public MqttSettings(String serverUri, String clientId) {
        this.serverUri = serverUri;
        this.clientId = clientId;
    }

    /** {@code mqtt.server}: {@code tcp://host:port}, or {@code ssl://host:port} with TLS ({@code ws://}, {@code wss://} over WebSocket). Required. */
    public MqttSettings serverUri(String uri) {
        this.serverUri = uri;
        return this;
    }

    /** {@code mqtt.clientId}: must be stable across restarts, or the persistent session is lost. Required. */
    public MqttSettings clientId(String id) {
        this.clientId = id;
        return this;
    }

    /** {@code mqtt.version}: {@code V5} (default) or {@code V3_1_1}. */
    public MqttSettings version(MqttVersion v) {
        this.version = v;
        return this;
    }

    /** {@code mqtt.username} / {@code mqtt.password}: none by default. */
    public MqttSettings credentials(String user, String pass) {
        this.username = user;
        this.password = pass;
        return this;
    }

    /** {@code mqtt.tls.*}: none by default; needs an {@code ssl://} server URI. */
    public MqttSettings tls(TlsSettings settings) {
        this.tls = settings;
        return this;
    }

    /** {@code mqtt.topics}: filters to subscribe to, {@code +} and {@code #} allowed. Sources need at least one. */
    public MqttSettings topics(List<String> filters) {
        this.topics = List.copyOf(filters);
        return this;
    }

    /** {@code mqtt.qos}: 0 (at most once) or 1 (at least once, the default). QoS 2 is refused: Paho's manual acks break it. */
    public MqttSettings qos(int q) {
        this.qos = q;
        return this;
    }

    /**
     * {@code mqtt.persistentSession}: keep the session (subscriptions, unacknowledged QoS 1 messages) across
     * disconnects, so nothing is lost while Rivulet restarts. Default true. Publishers always start clean.
     */
    public MqttSettings persistentSession(boolean persistent) {
        this.persistentSession = persistent;
        return this;
    }

    /** {@code mqtt.sessionExpiry} (MQTT 5): how long the broker keeps a disconnected session. Default 1 day. */
    public MqttSettings sessionExpiry(Duration d) {
        this.sessionExpiry = d;
        return this;
    }

    /** {@code mqtt.keepAlive}: default 30 s. */
    public MqttSettings keepAlive(Duration d) {
        this.keepAlive = d;
        return this;
    }

    /** {@code mqtt.connectTimeout}: default 10 s. */
    public MqttSettings connectTimeout(Duration d) {
        this.connectTimeout = d;
        return this;
    }

    /** {@code mqtt.reconnect.initialDelay} / {@code maxDelay}: doubling, jittered, capped. Defaults 500 ms and 30 s. */
    public MqttSettings reconnectDelays(Duration initial, Duration max) {
        this.reconnectInitialDelay = initial;
        this.reconnectMaxDelay = max;
        return this;
    }

    /**
     * {@code mqtt.receiveMaximum} (MQTT 5): how many unacknowledged QoS 1 messages the broker may send us. This
     * is the flow control that makes backpressure work, and it also caps throughput: at most this many messages
     * per acknowledgement delay (with acknowledgements after a 1 s batch, this many messages a second). It must
     * not exceed {@code mqtt.bufferCapacity}. Default: {@code mqtt.bufferCapacity}, at most 65,535.
     */
    public MqttSettings receiveMaximum(int n) {
        this.receiveMaximum = n;
        return this;
    }

    /** {@code mqtt.bufferCapacity}: messages held between the network and the engine. Default 10,000. */
    public MqttSettings bufferCapacity(int n) {
        this.bufferCapacity = n;
        return this;
    }

    /**
     * {@code mqtt.bufferBytes}: the payload bytes a subscriber holds between the broker and their acknowledgements
     * before it stops reading (QoS 1) or drops (QoS 0) until some are released. The broker's flow control counts
     * messages, not bytes, so this is what keeps a backlog of large messages within the heap. Default: an eighth of
     * the heap ({@code -Xmx}), 6 MiB with the unit's 48 MiB.
     */
    public MqttSettings bufferBytes(long bytes) {
        this.bufferBytes = bytes;
        return this;
    }

    /** {@code mqtt.maxInFlight}: publishes awaiting completion before {@code publish} waits. Default 100. */
    public MqttSettings maxInFlight(int n) {
        this.maxInFlight = n;
        return this;
    }

    /** {@code mqtt.publishWait}: how long {@code publish} waits for an in-flight slot before failing. Default 10 s. */
    public MqttSettings publishWait(Duration d) {
        this.publishWait = d;
        return this;
    }

    /**
     * {@code mqtt.maxMessageBytes}: the largest payload a subscriber takes. A larger message is never read into
     * memory: on MQTT 5 the broker is told not to send it (Maximum Packet Size on CONNECT,
     * {@link #maxPacketBytes}); on either version one that comes all the same is read past in a small buffer,
     * acknowledged, counted and dead-lettered without its payload. Default 64 KiB.
     */
    public MqttSettings maxMessageBytes(int bytes) {
        this.maxMessageBytes = bytes;
        return this;
    }

    /** The name of the {@link #maxMessageBytes} setting in the operator's words, for the log: e.g. {@code sources.doors.max-message-bytes}. */
    public MqttSettings maxMessageBytesKey(String key) {
        this.maxMessageBytesKey = Objects.requireNonNull(key, "key");
        return this;
    }

    /**
     * How a failed connection is told to the operator: the broker configuration names its broker, the key to
     * look at and the fix. Logged once per change, and shown as the link's problem in the gateway's health.
     */
    public MqttSettings failureText(Function<ConnectionFailure, String> text) {
        this.failureText = Objects.requireNonNull(text, "text");
        return this;
    }

    /** Checks every setting; the message names the setting, its value and what would be accepted. */
    public MqttSettings validate() {
        List<String> errors = new ArrayList<>();
        boolean secure = serverUri != null && (serverUri.startsWith("ssl://") || serverUri.startsWith("wss://"));
        if (serverUri == null || !(secure || serverUri.startsWith("tcp://") || serverUri.startsWith("ws://"))) {
            errors.add("mqtt.server=" + serverUri + ": expected tcp://host:port or ssl://host:port (ws:// and wss:// for MQTT over WebSocket)");
        } else if (tls != null && !secure) {
            errors.add("mqtt.server=" + serverUri + ": TLS settings need an ssl:// (or wss://) URI; never send"
                    + " credentials meant for TLS in plaintext");
        }
        if (clientId == null || clientId.isBlank() || clientId.length() > 128) {
            errors.add("mqtt.clientId=" + clientId + ": expected a stable, non-empty id of at most 128 characters");
        }
        if (qos != 0 && qos != 1) {
            errors.add("mqtt.qos=" + qos + ": expected 0 or 1 (QoS 2 is not supported with manual acknowledgements)");
        }
        if (bufferCapacity < 1) {
            errors.add("mqtt.bufferCapacity=" + bufferCapacity + ": must be positive");
        }
        if (bufferBytes < 0) {
            errors.add("mqtt.bufferBytes=" + bufferBytes + ": must be positive");
        }
        if (receiveMaximum != 0 && (receiveMaximum < 1 || receiveMaximum > 65_535)) {
            errors.add("mqtt.receiveMaximum=" + receiveMaximum + ": expected 1..65535");
        }
        if (bufferCapacity < receiveMaximum()) {
            errors.add("mqtt.bufferCapacity=" + bufferCapacity + ": must be at least mqtt.receiveMaximum (" + receiveMaximum()
                    + ") so that QoS 1 messages the broker may send always fit");
        }
        if (maxMessageBytes < 1 || maxMessageBytes > MAX_MESSAGE_BYTES) {
            errors.add(maxMessageBytesKey + "=" + maxMessageBytes + ": expected 1.." + MAX_MESSAGE_BYTES + " bytes");
        }
        if (maxInFlight < 1 || maxInFlight > 65_535) {
            errors.add("mqtt.maxInFlight=" + maxInFlight + ": expected 1..65535");
        }
        for (String topic : topics) {
            try {
                new dev.rivulet.sensors.decode.TopicPattern(topic);
            } catch (IllegalArgumentException e) {
                errors.add("mqtt.topics: " + e.getMessage());
            }
        }
        Objects.requireNonNull(version, "mqtt.version");
        new Backoff(reconnectInitialDelay, reconnectMaxDelay);
        if (!errors.isEmpty()) {
            throw new IllegalArgumentException("invalid MQTT settings:\n  " + String.join("\n  ", errors));
        }
        return this;
    }

    public String serverUri() {
        return serverUri;
    }

    public String clientId() {
        return clientId;
    }

    public MqttVersion version() {
        return version;
    }

    public String username() {
        return username;
    }

    public String password() {
        return password;
    }

    public TlsSettings tls() {
        return tls;
    }

    /** The operator's words for a failure. */
    public String describe(ConnectionFailure failure) {
        return failureText.apply(failure);
    }

    public List<String> topics() {
        return topics;
    }

    public int qos() {
        return qos;
    }

    public boolean persistentSession() {
        return persistentSession;
    }

    public Duration sessionExpiry() {
        return sessionExpiry;
    }

    public Duration keepAlive() {
        return keepAlive;
    }

    public Duration connectTimeout() {
        return connectTimeout;
    }

    public Duration reconnectInitialDelay() {
        return reconnectInitialDelay;
    }

    public Duration reconnectMaxDelay() {
        return reconnectMaxDelay;
    }

    public int receiveMaximum() {
        return receiveMaximum != 0 ? receiveMaximum : Math.max(1, Math.min(bufferCapacity, 65_535));
    }

    public int bufferCapacity() {
        return bufferCapacity;
    }

    public long bufferBytes() {
        return bufferBytes != 0 ? bufferBytes : Math.max(1L << 20, Runtime.getRuntime().maxMemory() / 8);
    }

    public int maxMessageBytes() {
        return maxMessageBytes;
    }

    public String maxMessageBytesKey() {
        return maxMessageBytesKey;
    }

    /**
     * The largest PUBLISH packet a subscriber reads, counted as MQTT 5's Maximum Packet Size counts (the whole
     * packet): {@link #maxMessageBytes} and {@link #PACKET_HEADROOM} for the rest.
     */
    public long maxPacketBytes() {
        return (long) maxMessageBytes + PACKET_HEADROOM;
    }

    public int maxInFlight() {
        return maxInFlight;
    }

    public Duration publishWait() {
        return publishWait;
    }
}
