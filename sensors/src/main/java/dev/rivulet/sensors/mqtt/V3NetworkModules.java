package dev.rivulet.sensors.mqtt;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;
import java.util.Set;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.internal.NetworkModule;
import org.eclipse.paho.client.mqttv3.spi.NetworkModuleFactory;

/**
 * Paho MQTT 3.1.1 network modules that read a subscriber's input through its {@link SubscriberStreams}: PUBLISH
 * packets over the size limit replaced ({@link OversizedPublishes}). The twin of {@link V5NetworkModules} for Paho's
 * v3 client, registered the same way (its own {@link NetworkModuleFactory} service) for the same schemes.
 */
public final class V3NetworkModules implements NetworkModuleFactory {

    private static final String PREFIX = SubscriberStreams.PREFIX;
    /** Paho's own factories, found once (a connection attempt should not scan the class path). */
    private static volatile List<NetworkModuleFactory> plainFactories;

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
    public NetworkModule createNetworkModule(URI uri, MqttConnectOptions options, String clientId) throws MqttException {
        URI plain = plain(uri);
        NetworkModule module = plainFactory(plain).createNetworkModule(plain, options, clientId);
        SubscriberStreams streams = SubscriberStreams.of(clientId);
        return streams == null ? module : new Reading(module, streams);
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
                if (!(factory instanceof V3NetworkModules)) {
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

    /** Paho's module, its input read through the streams; a new connection starts afresh. */
    private static final class Reading implements NetworkModule {
        private final NetworkModule module;
        private final SubscriberStreams streams;
        private InputStream input;

        Reading(NetworkModule module, SubscriberStreams streams) {
            this.module = module;
            this.streams = streams;
        }

        @Override
        public void start() throws IOException, MqttException {
            streams.reset();
            module.start();
        }

        @Override
        public synchronized InputStream getInputStream() throws IOException {
            if (input == null) {
                input = streams.reading(module.getInputStream());
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
