package dev.rivulet.replay;

import dev.rivulet.archive.ArchiveGrid;
import dev.rivulet.configfile.RivuletConfig;
import dev.rivulet.gateway.Gateway;
import dev.rivulet.sensors.MessagePublisher;
import dev.rivulet.sensors.Reading;
import dev.rivulet.sensors.recording.RecordedLine;
import dev.rivulet.signals.SignalTap;
import dev.rivulet.storage.OutboxMessage;
import dev.rivulet.streaming.Receiver;
import dev.rivulet.streaming.clock.ManualClock;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Runs the configured pipelines, alert rules and outputs over recorded MQTT messages, on the batch grid of their
 * arrival times, with no sleeping: a message that arrived at {@code t} is in the batch ending at the next multiple
 * of the batch interval after {@code t}, as live. Batches run up to the last message's batch (or {@code to}), then
 * on to the end of the upstream period holding it, so its summary is complete. What the gateway would have sent
 * is written by {@link ReplayOutput}; nothing live is touched.
 *
 * <p>A message earlier than one read before it (recordings are merged by time; a single file out of order) goes
 * into the batch that is open, as a late arrival would live, and is counted as late.
 */
public final class Replay {

    /**
     * @param config the gateway's configuration (its state directory and status page are not used)
     * @param inputs recordings ({@link dev.rivulet.sensors.recording})
     * @param from   messages before this time (epoch ms) are skipped; null for none
     * @param to     messages after this time are skipped; null for none
     * @param until  batches run on to this time even past the last message (what the gateway sent while it kept
     *               running); null to stop at the end of the last message's period
     * @param publish also send what is written to the configured brokers ({@link ReplayPublishing})
     */
    public record Settings(RivuletConfig config, List<Path> inputs, Long from, Long to, Long until, boolean publish) {
        public Settings {
            inputs = List.copyOf(inputs);
        }

        /** Writing only, not publishing. */
        public Settings(RivuletConfig config, List<Path> inputs, Long from, Long to, Long until) {
            this(config, inputs, from, to, until, false);
        }

        /** Stopping at the end of the last message's period. */
        public Settings(RivuletConfig config, List<Path> inputs, Long from, Long to) {
            this(config, inputs, from, to, null);
        }
    }

    /**
     * What a replay did.
     *
     * @param messages  recorded messages replayed
     * @param readings  readings they gave
     * @param refused   messages or parts the sources' decoders or size limits refused (dead letters live)
     * @param unmatched messages on topics no source takes
     * @param badLines  lines of the recordings that were not messages
     * @param late      messages earlier than their batch, given to the batch open
     * @param batches   batches run
     * @param lines     lines written
     */
    public record Outcome(long messages, long readings, long refused, long unmatched, long badLines, long late,
                          long batches, long lines) {
    }

    private static final long PROGRESS_EVERY_NANOS = Duration.ofSeconds(2).toNanos();

    private final Settings settings;
    private final PrintStream progress;

    /**
     * @param progress where progress (every 2 s), problems with the recordings and the end are said: stderr
     */
    public Replay(Settings settings, PrintStream progress) {
        this.settings = settings;
        this.progress = progress;
    }

    /** Replays into {@code out}, which is flushed, not closed. */
    public Outcome run(OutputStream out) throws IOException, InterruptedException {
        return run(out, null);
    }

    /** As {@link #run(OutputStream)}, every value of {@code tap}'s signal to it too (null: none). */
    public Outcome run(OutputStream out, SignalTap tap) throws IOException, InterruptedException {
        RivuletConfig config = settings.config().withStatusPort(0);
        ReplayDecoding decoding = new ReplayDecoding(config);
        if (!decoding.hasSources()) {
            throw new IllegalArgumentException("the configuration has no MQTT source: recorded messages have nowhere"
                    + " to go (replay takes what MQTT sources subscribe to)");
        }
        long interval = config.batchInterval().toMillis();
        long started = System.nanoTime();
        try (RecordedInputs inputs = new RecordedInputs(settings.inputs(), interval, progress)) {
            RecordedLine first = inputs.next();
            while (first != null && settings.from() != null && first.time() < settings.from()) {
                first = inputs.next();
            }
            if (first == null || (settings.to() != null && first.time() > settings.to())) {
                progress.println("rivulet replay: no recorded message in the range given; nothing written");
                return new Outcome(0, 0, 0, 0, inputs.badLines(), 0, 0, 0);
            }
            long firstBatch = startOfGrid(config, RecordedInputs.batch(first, interval));
            ManualClock clock = new ManualClock(firstBatch - interval);
            ReplayOutput output = new ReplayOutput(out, clock);
            long nextBatch = firstBatch;
            long messages = 0;
            long late = 0;
            long lastProgress = started;
            ReplayPublishing live = settings.publish() ? new ReplayPublishing(config) : null;
            Function<String, MessagePublisher> publishers = live == null ? output::publisher
                    : broker -> live.alongside(broker, output.publisher(broker));
            try (live; Gateway gateway = Gateway.replay(config, clock, publishers, output::pin, tap)) {
                gateway.context().addListener(info -> {
                    for (OutboxMessage message : gateway.takeOutboxMessages()) {
                        output.upstream(message);
                        if (live != null) {
                            live.upstream(message);
                        }
                    }
                });
                Map<String, Receiver<Reading>> receivers = new HashMap<>();
                config.sources().keySet().forEach(name -> receivers.put(name, gateway.receiver(name)));
                ReplayDecoding.ReadingTarget toReceivers = (source, reading) -> receivers.get(source).push(reading);
                for (RecordedLine message = first; message != null; message = inputs.next()) {
                    if (settings.from() != null && message.time() < settings.from()) {
                        continue;
                    }
                    if (settings.to() != null && message.time() > settings.to()) {
                        break;
                    }
                    long batch = RecordedInputs.batch(message, interval);
                    if (batch < nextBatch) {
                        late++;
                    }
                    for (; nextBatch < batch; nextBatch += interval) {
                        clock.advance(Duration.ofMillis(interval));
                    }
                    decoding.decode(message, toReceivers);
                    messages++;
                    if (live != null) {
                        live.stopOnFailure();
                    }
                    if ((messages & 0x3ff) == 0 && System.nanoTime() - lastProgress > PROGRESS_EVERY_NANOS) {
                        lastProgress = System.nanoTime();
                        progress.printf("rivulet replay: %,d readings, %,.0f readings/s, at %s%n", decoding.readings(),
                                decoding.readings() / seconds(started), Instant.ofEpochMilli(message.time()));
                    }
                }
                long lastBatch = nextBatch - interval;
                if (settings.until() != null) {
                    lastBatch = Math.max(lastBatch, firstBatch - interval
                            + Math.floorDiv(settings.until() - (firstBatch - interval), interval) * interval);
                }
                long end = endOfPeriod(config, lastBatch, firstBatch - interval);
                for (; nextBatch <= end; nextBatch += interval) {
                    clock.advance(Duration.ofMillis(interval));
                }
                gateway.engineFailure().ifPresent(e -> {
                    throw new IllegalStateException("the pipelines failed during the replay: " + e, e);
                });
            }
            output.flush();
            if (live != null) {
                progress.printf("rivulet replay: %,d messages published to the brokers and acknowledged%n", live.sent());
            }
            if (inputs.repeats() > 0) {
                progress.printf("rivulet replay: %,d archived messages skipped as repeats of ones read before%n",
                        inputs.repeats());
            }
            long batches = (nextBatch - firstBatch) / interval;
            Outcome outcome = new Outcome(messages, decoding.readings(), decoding.refused(), decoding.unmatched(),
                    inputs.badLines(), late, batches, output.lines());
            progress.printf("rivulet replay: %,d messages, %,d readings (%,d refused by the sources, %,d on topics no"
                            + " source takes, %,d bad lines, %,d late), %,d batches of %d ms to %s: %,d lines written"
                            + " in %.1f s (%,.0f readings/s)%n", outcome.messages(), outcome.readings(), outcome.refused(),
                    outcome.unmatched(), outcome.badLines(), outcome.late(), outcome.batches(), interval,
                    Instant.ofEpochMilli(nextBatch - interval), outcome.lines(), seconds(started),
                    outcome.readings() / seconds(started));
            return outcome;
        }
    }

    /**
     * The first batch the replay runs, for a first message in {@code firstBatch}: on an archive's grid
     * ({@link ArchiveGrid}), the first batch of the summary period holding it, so the replay closes the periods the
     * gateway closed; else {@code firstBatch} itself, periods aligned on it.
     */
    private long startOfGrid(RivuletConfig config, long firstBatch) throws IOException {
        long interval = config.batchInterval().toMillis();
        for (Path input : settings.inputs()) {
            Optional<ArchiveGrid> grid = ArchiveGrid.of(input);
            if (grid.isEmpty()) {
                continue;
            }
            if (grid.get().intervalMillis() != interval) {
                progress.printf("rivulet replay: the archive was taken with batches of %d ms, the configuration has %d"
                        + " ms; periods are aligned on the first batch%n", grid.get().intervalMillis(), interval);
                return firstBatch;
            }
            long period = config.upstream().enabled() ? config.upstream().period().toMillis() : interval;
            return grid.get().startBefore(firstBatch, period) + interval;
        }
        return firstBatch;
    }

    /** The batch a message arriving at {@code time} is in: the one ending at the next multiple of the interval. */
    static long batchOf(long time, long interval) {
        return (Math.floorDiv(time, interval) + 1) * interval;
    }

    /**
     * The last batch to run: the end of the upstream period holding {@code lastBatch} (periods are windows aligned on
     * the zero time), or {@code lastBatch} when nothing goes upstream.
     */
    static long endOfPeriod(RivuletConfig config, long lastBatch, long zeroTime) {
        if (!config.upstream().enabled()) {
            return lastBatch;
        }
        long period = config.upstream().period().toMillis();
        return zeroTime - Math.floorDiv(zeroTime - lastBatch, period) * period;
    }

    private static double seconds(long startNanos) {
        return Math.max(1e-9, (System.nanoTime() - startNanos) / 1e9);
    }
}
