package dev.rivulet.status;

import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * A GTFS-Realtime feed parsed by the official bindings (org.mobilitydata:gtfs-realtime-bindings on protobuf-java
 * 3.x), as a consumer parses it. The bindings live in a class loader of their own (app/pom.xml copies them to
 * {@code target/gtfs-realtime-bindings}): their protobuf-java 3 and the gateway's protobuf-javalite 4 share
 * package names and cannot share one class path.
 *
 * @param version        {@code header.gtfs_realtime_version}
 * @param incrementality {@code header.incrementality}, by name
 * @param timestamp      {@code header.timestamp}
 * @param entities       the entities, in feed order
 * @param text           the bindings' own text form of the whole feed, for failure messages
 */
public record OfficialGtfsRealtime(String version, String incrementality, long timestamp, List<Entity> entities,
                                   String text) {

    /**
     * One entity's vehicle position.
     *
     * @param unknownFields how many fields the official schema does not know, anywhere in the entity
     */
    public record Entity(String id, String vehicleId, String label, boolean hasOccupancyStatus, String occupancyStatus,
                         boolean hasOccupancyPercentage, int occupancyPercentage, int unknownFields) {
    }

    private static final Path BINDINGS = dev.rivulet.ops.HostTools.repositoryRoot().resolve("app/target/gtfs-realtime-bindings");
    private static ClassLoader loader;

    /** {@code bytes} parsed with {@code FeedMessage.parseFrom}. */
    public static OfficialGtfsRealtime parse(byte[] bytes) throws ReflectiveOperationException, IOException {
        Class<?> feedMessage = Class.forName("com.google.transit.realtime.GtfsRealtime$FeedMessage", true, loader());
        Object feed;
        try {
            feed = feedMessage.getMethod("parseFrom", byte[].class).invoke(null, (Object) bytes);
        } catch (InvocationTargetException e) {
            throw new IOException("the official bindings cannot parse the feed: " + e.getCause(), e.getCause());
        }
        Object header = call(feed, "getHeader");
        List<Entity> entities = new ArrayList<>();
        for (Object entity : (List<?>) call(feed, "getEntityList")) {
            Object vehicle = call(entity, "getVehicle");
            Object descriptor = call(vehicle, "getVehicle");
            int unknown = unknownFields(entity) + unknownFields(vehicle) + unknownFields(descriptor);
            entities.add(new Entity((String) call(entity, "getId"), (String) call(descriptor, "getId"),
                    (String) call(descriptor, "getLabel"), (Boolean) call(vehicle, "hasOccupancyStatus"),
                    call(vehicle, "getOccupancyStatus").toString(), (Boolean) call(vehicle, "hasOccupancyPercentage"),
                    (Integer) call(vehicle, "getOccupancyPercentage"), unknown));
        }
        return new OfficialGtfsRealtime((String) call(header, "getGtfsRealtimeVersion"),
                call(header, "getIncrementality").toString(), (Long) call(header, "getTimestamp"), entities, feed.toString());
    }

    private static int unknownFields(Object message) throws ReflectiveOperationException {
        return ((java.util.Map<?, ?>) call(call(message, "getUnknownFields"), "asMap")).size();
    }

    private static Object call(Object target, String method) throws ReflectiveOperationException {
        return target.getClass().getMethod(method).invoke(target);
    }

    private static synchronized ClassLoader loader() throws IOException {
        if (loader == null) {
            List<URL> jars = new ArrayList<>();
            try (Stream<Path> files = Files.list(BINDINGS)) {
                for (Path jar : files.filter(f -> f.toString().endsWith(".jar")).toList()) {
                    jars.add(jar.toUri().toURL());
                }
            }
            if (jars.size() != 2) {
                throw new IOException(BINDINGS + " should hold the bindings and protobuf-java (mvn generate-test-resources"
                        + " copies them): " + jars);
            }
            loader = new URLClassLoader(jars.toArray(URL[]::new), ClassLoader.getPlatformClassLoader());
        }
        return loader;
    }
}
