package dev.rivulet.sources;

import dev.rivulet.config.Kind;
import dev.rivulet.sensors.Source;

/**
 * Where readings come from, {@code sources.NAME}. One record per kind declares its keys ({@link Kind#keys()}),
 * reads and checks them and opens the sensors module's {@link Source} ({@link #open}). To add a kind, add its
 * record to this folder and to {@link SourceKinds#KINDS}.
 */
public sealed interface SourceKind permits MqttInput, GpioInput, SimulatorInput, SocketInput, DirectoryInput {

    /** The source's name (also the receiver's name in logs and checkpoints). */
    String name();

    /** What the source may buffer and take, whatever its kind. */
    SourceLimits limits();

    /** Opens the source with what the gateway lends it. */
    Source open(SourceLinks links);
}
