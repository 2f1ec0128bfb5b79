package dev.rivulet.sensors.mqtt;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.internal.NetworkModule;
import org.eclipse.paho.mqttv5.client.spi.NetworkModuleFactory;
import org.eclipse.paho.mqttv5.common.MqttException;

/**
 * Paho MQTT 5 network modules that read the DUP flags of incoming PUBLISH packets on the way in
 * ({@link PublishDupFlags}). Registered with Paho as a {@link NetworkModuleFactory} for the schemes
 * {@code rivulet+tcp}, {@code rivulet+ssl}, {@code rivulet+ws} and {@code rivulet+wss}: a subscriber's connection
 * asks for {@code rivulet+tcp://host:port} instead of {@code tcp://host:port}, and this factory opens Paho's own
 * module for the plain scheme and reads its input through the flags of the client it is opened for.
 */
public final class DupFlagNetworkModules implements NetworkModuleFactory {

    private static final String PREFIX = "rivulet+";
    private static final Map<String, PublishDupFlags> BY_CLIENT_ID = new ConcurrentHashMap<>();
    /** Paho's own factories, found once (a connection attempt should not scan the class path). */
    private static volatile List<NetworkModuleFactory> plainFactories;

    /** The URI under which a subscriber's connection records DUP flags, for {@code serverUri}. */
    static String uriFor(String serverUri) {
        return PREFIX + serverUri;
    }

    /** Records the flags of client {@code clientId}'s connections in {@code flags}, until {@link #forget}. */
    static void register(String clientId, PublishDupFlags flags) {
        BY_CLIENT_ID.put(clientId, flags);
    }

    static void forget(String clientId, PublishDupFlags flags) {
        BY_CLIENT_ID.remove(clientId, flags);
    }

    @Override
    public Set<String> getSupportedUriSchemes() {
        return Set.of(PREFIX + "tcp", PREFIX + "ssl", PREFIX + "ws", PREFIX + "wss");
    }

    @Override
    public void validateURI(URI uri) {
        URI plain = plain(uri);
        plainFactory(plain).validateURI(plain);
    }

    @Override
    public NetworkModule createNetworkModule(URI uri, MqttConnectionOptions options, String clientId) throws MqttException {
        URI plain = plain(uri);
        NetworkModule module = plainFactory(plain).createNetworkModule(plain, options, clientId);
        PublishDupFlags flags = BY_CLIENT_ID.get(clientId);
        return flags == null ? module : new Reading(module, flags);
    }

    private static URI plain(URI uri) {
        try {
            return new URI(uri.toString().substring(PREFIX.length()));
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("not a broker URL: " + uri, e);
        }
    }

    private static NetworkModuleFactory plainFactory(URI plain) {
        List<NetworkModuleFactory> factories = plainFactories;
        if (factories == null) {
            List<NetworkModuleFactory> found = new ArrayList<>();
            for (NetworkModuleFactory factory : ServiceLoader.load(NetworkModuleFactory.class, NetworkModuleFactory.class.getClassLoader())) {
                if (!(factory instanceof DupFlagNetworkModules)) {
                    found.add(factory);
                }
            }
            factories = plainFactories = List.copyOf(found);
        }
        for (NetworkModuleFactory factory : factories) {
            if (factory.getSupportedUriSchemes().contains(plain.getScheme())) {
                return factory;
            }
        }
        throw new IllegalArgumentException("no MQTT network module for " + plain.getScheme() + "://");
    }

    /** Paho's module, its input read through the flags; a new connection starts with none. */
    private static final class Reading implements NetworkModule {
        private final NetworkModule module;
        private final PublishDupFlags flags;
        private InputStream input;

        Reading(NetworkModule module, PublishDupFlags flags) {
            this.module = module;
            this.flags = flags;
        }

        @Override
        public void start() throws IOException, MqttException {
            flags.reset();
            module.start();
        }

        @Override
        public synchronized InputStream getInputStream() throws IOException {
            if (input == null) {
                input = flags.reading(module.getInputStream());
            }
            return input;
        }

        @Override
        public OutputStream getOutputStream() throws IOException {
            return module.getOutputStream();
        }

        @Override
        public void stop() throws IOException {
            module.stop();
        }

        @Override
        public String getServerURI() {
            return module.getServerURI();
        }
    }
}
