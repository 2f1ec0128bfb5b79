package dev.rivulet.gateway;

import dev.rivulet.config.RivuletConfig;
import dev.rivulet.outputs.LogOutput;
import dev.rivulet.outputs.MqttOutput;
import dev.rivulet.outputs.OutputKind;
import dev.rivulet.pipeline.BusOccupancy;
import dev.rivulet.sensors.MessagePublisher;
import dev.rivulet.streaming.Pair;
import dev.rivulet.streaming.PairDStream;
import java.util.function.Function;
import org.tinylog.Logger;

/** A pipeline's per-batch results to an output: a log line, or one retained message per key. */
final class PipelineOutputs {

    private PipelineOutputs() {
    }

    /** A bus-occupancy pipeline: {@code {"bus":..,"occupancy":..,"capacity":..,"load":..}} per bus. */
    static void attachBuses(RivuletConfig config, String pipeline, String name, PairDStream<String, BusOccupancy.BusLoad> buses,
                       Function<String, MessagePublisher> publishers) {
        OutputKind output = config.outputs().get(name);
        if (output == null || output instanceof LogOutput) {
            buses.foreachBatch(batch -> Logger.info("{} at {}: {}", pipeline, batch.time(),
                    batch.records().stream().map(bus -> bus.key() + "=" + bus.value().occupancy()).toList()));
        } else if (output instanceof MqttOutput mqtt) {
            buses.foreachBatch(batch -> {
                for (Pair<String, BusOccupancy.BusLoad> bus : batch) {
                    BusOccupancy.BusLoad load = bus.value();
                    publishers.apply(mqtt.broker()).publish(topic(mqtt, bus.key(), config),
                            AlertOutputs.busJson(bus.key(), load.occupancy(), load.capacity(), load.load()),
                            mqtt.qos(), mqtt.retained(), error -> { });
                }
            });
        }
    }

    /** An aggregate pipeline: {@code {"key":..,"value":..,"batchTime":..}} per key. */
    static void attach(RivuletConfig config, String pipeline, String name, PairDStream<String, Double> result,
                       Function<String, MessagePublisher> publishers) {
        OutputKind output = config.outputs().get(name);
        if (output == null || output instanceof LogOutput) {
            result.foreachBatch(batch -> Logger.info("{} at {}: {}", pipeline, batch.time(), batch.records()));
        } else if (output instanceof MqttOutput mqtt) {
            result.foreachBatch(batch -> {
                for (Pair<String, Double> pair : batch) {
                    byte[] json = Json.object(j -> {
                        j.writeStringField("key", pair.key());
                        j.writeNumberField("value", pair.value());
                        j.writeNumberField("batchTime", batch.time());
                    });
                    publishers.apply(mqtt.broker()).publish(topic(mqtt, pair.key(), config), json, mqtt.qos(),
                            mqtt.retained(), error -> { });
                }
            });
        }
    }

    private static String topic(MqttOutput output, String key, RivuletConfig config) {
        return output.topic().replace("{key}", key).replace("{gateway}", config.gatewayId());
    }
}
