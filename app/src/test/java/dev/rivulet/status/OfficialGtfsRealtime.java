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
     * @param timestamp     the vehicle's {@code timestamp}, or -1 when absent
     * @param trip          the vehicle's {@code trip}, or null when absent
     * @param unknownFields how many fields the official schema does not know, anywhere in the entity
     * @param hasPosition   whether it has a {@code position}
     */
    public record Entity(String id, String vehicleId, String label, boolean hasOccupancyStatus, String occupancyStatus,
                         boolean hasOccupancyPercentage, int occupancyPercentage, int unknownFields, long timestamp,
                         Trip trip, boolean hasPosition) {
    }

    /**
     * A TripDescriptor: each string field null when absent, {@code directionId} -1 when absent.
     */
    public record Trip(String tripId, String routeId, int directionId, String startDate, String startTime,
                       String scheduleRelationship) {
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
            Trip trip = null;
            if ((Boolean) call(vehicle, "hasTrip")) {
                Object t = call(vehicle, "getTrip");
                unknown += unknownFields(t);
                trip = new Trip(has(t, "TripId") ? (String) call(t, "getTripId") : null,
                        has(t, "RouteId") ? (String) call(t, "getRouteId") : null,
                        has(t, "DirectionId") ? (Integer) call(t, "getDirectionId") : -1,
                        has(t, "StartDate") ? (String) call(t, "getStartDate") : null,
                        has(t, "StartTime") ? (String) call(t, "getStartTime") : null,
                        has(t, "ScheduleRelationship") ? call(t, "getScheduleRelationship").toString() : null);
            }
            entities.add(new Entity((String) call(entity, "getId"), (String) call(descriptor, "getId"),
                    (String) call(descriptor, "getLabel"), (Boolean) call(vehicle, "hasOccupancyStatus"),
                    call(vehicle, "getOccupancyStatus").toString(), (Boolean) call(vehicle, "hasOccupancyPercentage"),
                    (Integer) call(vehicle, "getOccupancyPercentage"), unknown,
                    has(vehicle, "Timestamp") ? (Long) call(vehicle, "getTimestamp") : -1, trip,
                    has(vehicle, "Position")));
        }
        return new OfficialGtfsRealtime((String) call(header, "getGtfsRealtimeVersion"),
                call(header, "getIncrementality").toString(), (Long) call(header, "getTimestamp"), entities, feed.toString());
    }

    private static boolean has(Object message, String field) throws ReflectiveOperationException {
        return (Boolean) call(message, "has" + field);
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
