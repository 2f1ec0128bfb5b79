package dev.rivulet.sensors.simulator;

import dev.rivulet.sensors.DeadLetterSink;
import dev.rivulet.sensors.Source;
import dev.rivulet.sensors.mqtt.MqttPublisher;
import dev.rivulet.sensors.mqtt.MqttSettings;

import java.time.Duration;
import java.util.concurrent.locks.LockSupport;

/**
 * Publishes a simulated fleet to a broker as door counters would, for load tests and the demo:
 * {@code java -cp app/target/rivulet.jar dev.rivulet.sensors.simulator.PublishFleet tcp://127.0.0.1:1883 [speedup|rate/s] [seconds] [seed]}.
 * A plain number is a speedup of simulated time (60: an hour a minute); {@code 5000/s} publishes 5,000 readings
 * a second regardless of simulated time; {@code max} as fast as possible. Topics {@code buses/<bus>/door}, QoS 1.
 */
public final class PublishFleet {
    private PublishFleet() {
    }

    public static void main(String[] args) throws InterruptedException {
        if (args.length < 1) {
            System.err.println("usage: PublishFleet tcp://host:1883 [speedup|RATE/s|max] [seconds] [seed]");
            System.exit(2);
        }
        String pace = args.length > 1 ? args[1] : "60";
        long seconds = args.length > 2 ? Long.parseLong(args[2]) : 60;
        long seed = args.length > 3 ? Long.parseLong(args[3]) : 1;
        SimulatorSource.Pace p = pace.equals("max") ? SimulatorSource.Pace.asFastAsPossible()
                : pace.endsWith("/s") ? SimulatorSource.Pace.perSecond(Double.parseDouble(pace.substring(0, pace.length() - 2)))
                : SimulatorSource.Pace.speedup(Double.parseDouble(pace));
        MqttSettings settings = new MqttSettings(args[0], "rivulet-fleet-" + seed).maxInFlight(1000);
        try (MqttPublisher publisher = MqttPublisher.open(settings)) {
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (!publisher.isConnected()) {
                if (System.nanoTime() > deadline) {
                    System.err.println("cannot connect to " + args[0]);
                    System.exit(1);
                }
                LockSupport.parkNanos(10_000_000);
            }
            PublishingSink sink = new PublishingSink(publisher, 1);
            try (Source fleet = new BusSimulator(BusSimulator.Settings.defaults(seed).withSource("fleet"))
                    .asSource("fleet", p, System::currentTimeMillis)) {
                fleet.start(sink, DeadLetterSink.DISCARD);
                for (long s = 1; s <= seconds; s++) {
                    Thread.sleep(1000);
                    System.out.printf("%d s: %,d published, %,d failed%s%n", s, sink.completed(), sink.failed(),
                            sink.lastError() == null ? "" : " (" + sink.lastError().getMessage() + ")");
                }
            }
        }
    }
}
