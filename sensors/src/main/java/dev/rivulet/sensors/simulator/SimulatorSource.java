package dev.rivulet.sensors.simulator;

import dev.rivulet.sensors.Acknowledgement;
import dev.rivulet.sensors.DeadLetterSink;
import dev.rivulet.sensors.Reading;
import dev.rivulet.sensors.ReadingSink;
import dev.rivulet.sensors.SingleThreadSource;

import java.util.concurrent.locks.LockSupport;
import java.util.function.LongSupplier;

/**
 * Runs a {@link BusSimulator} on a thread of its own and pushes its readings into the engine, paced by a
 * {@link Pace}. Event times are simulated; arrival times come from the wall clock given.
 */
public final class SimulatorSource extends SingleThreadSource {

    /**
     * How fast readings come.
     *
     * @param speedup   simulated milliseconds per real millisecond (60: an hour a minute); 0 when pacing by rate
     * @param perSecond readings per real second; 0 with speedup 0 means as fast as possible
     */
    public record Pace(double speedup, double perSecond) {
        public Pace {
            if (speedup < 0 || perSecond < 0 || (speedup > 0 && perSecond > 0)) {
                throw new IllegalArgumentException("simulator pace: give a speedup or a rate per second (or neither for as fast as possible), got "
                        + speedup + " and " + perSecond);
            }
        }

        /** Simulated time runs {@code factor} times faster than real time; 60 makes buses fill up within seconds at peak. */
        public static Pace speedup(double factor) {
            return new Pace(factor, 0);
        }

        public static Pace perSecond(double readings) {
            return new Pace(0, readings);
        }

        public static Pace asFastAsPossible() {
            return new Pace(0, 0);
        }
    }

    private final BusSimulator simulator;
    private final Pace pace;
    /** Blocks until a monotonic reading reaches a deadline, in nanoseconds. */
    @FunctionalInterface
    public interface Sleeper {
        void sleepUntil(long deadlineNanos) throws InterruptedException;
    }

    private final LongSupplier wallClock;
    private final LongSupplier nanoTime;
    private final Sleeper sleeper;

    /** Paced on the machine's monotonic clock. */
    public SimulatorSource(String name, BusSimulator simulator, Pace pace, LongSupplier wallClock) {
        this(name, simulator, pace, wallClock, System::nanoTime, deadline -> {
            long wait = deadline - System.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(wait);
            }
        });
    }

    /**
     * Paced on the clock {@code nanoTime} reads, waiting with {@code sleeper}: the gateway's, so that on a manual
     * clock the simulated fleet moves only as the test moves time.
     */
    public SimulatorSource(String name, BusSimulator simulator, Pace pace, LongSupplier wallClock, LongSupplier nanoTime,
                           Sleeper sleeper) {
        super(name);
        this.simulator = simulator;
        this.pace = pace;
        this.wallClock = wallClock;
        this.nanoTime = nanoTime;
        this.sleeper = sleeper;
    }

    @Override
    protected void run(ReadingSink sink, DeadLetterSink deadLetters) throws InterruptedException {
        long startNanos = nanoTime.getAsLong();
        long simStart = simulator.nextTime();
        long pushed = 0;
        while (!isClosed()) {
            long dueNanos;
            if (pace.speedup() > 0) {
                dueNanos = startNanos + (long) ((simulator.nextTime() - simStart) * 1_000_000 / pace.speedup());
            } else if (pace.perSecond() > 0) {
                dueNanos = startNanos + (long) (pushed * 1e9 / pace.perSecond());
            } else {
                dueNanos = 0;
            }
            if (dueNanos != 0 && dueNanos > nanoTime.getAsLong()) {
                sleeper.sleepUntil(dueNanos);
                continue;
            }
            Reading simulated = simulator.next();
            Reading r = new Reading(name(), simulated.key(), simulated.eventTime(), wallClock.getAsLong(),
                    simulated.schema(), new double[] {simulated.value(0), simulated.value(1), simulated.value(2)},
                    new String[] {simulated.label("stop"), simulated.label("route"), simulated.label("trip")});
            counters().addReceived(1);
            counters().addDecoded(1);
            sink.push(r, Acknowledgement.NONE);
            pushed++;
        }
    }
}
