package dev.rivulet.examples;

import dev.rivulet.streaming.Batch;
import dev.rivulet.streaming.DStream;
import dev.rivulet.streaming.Pair;
import dev.rivulet.streaming.PairDStream;
import dev.rivulet.streaming.StreamingContext;
import dev.rivulet.streaming.clock.ManualClock;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Queue;

/**
 * The conformance pipeline of {@code shared/conformance/README.md}, run through Rivulet, so any input can
 * be checked against what Apache Spark Streaming produced for it.
 *
 * <pre>java -cp app/target/rivulet.jar:app/target/test-classes dev.rivulet.examples.SparkConformance IN.csv OUT.tsv</pre>
 */
public final class SparkConformance {

    /** One input line: {@code batch,busId,stopId,boardings,alightings}. */
    record Row(int batch, String bus, String stop, long boardings, long alightings) {
    }

    private static final Duration B = Duration.ofSeconds(1);

    private SparkConformance() {
    }

    /** Reads IN.csv, writes OUT.tsv. */
    public static void main(String[] args) throws IOException {
        if (args.length != 2) {
            System.err.println("usage: SparkConformance IN.csv OUT.tsv");
            System.exit(2);
        }
        List<String> out = run(Files.readAllLines(Path.of(args[0]), StandardCharsets.UTF_8));
        Files.write(Path.of(args[1]), out, StandardCharsets.UTF_8);
    }

    /** Runs the pipeline over the lines of an input file; returns the sorted output lines. */
    public static List<String> run(List<String> csv) {
        List<List<Row>> batches = parse(csv);
        ManualClock clock = new ManualClock();
        StreamingContext context = StreamingContext.builder().batchInterval(B).clock(clock).failFast(true).build();
        Queue<List<Row>> queue = new ArrayDeque<>(batches);
        List<String[]> lines = new ArrayList<>();
        Output output = new Output(context, lines);

        DStream<Row> readings = context.queueStream(queue);
        DStream<Row> valid = readings.filter(row -> row.boardings() >= 0 && row.alightings() >= 0);
        output.unkeyed("count.raw", readings.count(), false);
        output.unkeyed("count.valid", valid.count(), false);

        PairDStream<String, Long> net = valid
                .mapToPair(row -> Pair.of(row.bus(), row.boardings() - row.alightings()))
                .reduceByKey(Long::sum);
        output.keyed("net", net, false);
        PairDStream<String, Long> occupancy = net.updateStateByKey(
                (values, state) -> Optional.of(Math.max(0L, state.orElse(0L) + sum(values))));
        output.keyed("occupancy", occupancy, false);
        output.keyed("alert", occupancy.filter(pair -> pair.value() > 40), false);

        PairDStream<String, Long> boardings = valid.mapToPair(row -> Pair.of(row.bus(), row.boardings()));
        output.keyed("winsum3", boardings.reduceByKeyAndWindow(Long::sum, B.multipliedBy(3), B), false);
        output.keyed("winsum3inv",
                boardings.reduceByKeyAndWindow(Long::sum, (a, b) -> a - b, B.multipliedBy(3), B), false);

        output.unkeyed("countByWindow", valid.countByWindow(B.multipliedBy(3), B.multipliedBy(2)), true);
        output.keyed("countByValueAndWindow",
                valid.map(Row::bus).countByValueAndWindow(B.multipliedBy(4), B.multipliedBy(2)), true);
        PairDStream<String, Long> distinctStops = valid.window(B.multipliedBy(5), B.multipliedBy(5))
                .map(row -> Pair.of(row.bus(), row.stop()))
                .transform(batch -> new LinkedHashSet<>(batch.records()))
                .mapToPair(pair -> Pair.of(pair.key(), 1L))
                .reduceByKey(Long::sum);
        output.keyed("distinctStops5", distinctStops, true);

        context.start();
        for (int k = 0; k < batches.size(); k++) {
            clock.advance(B);
        }
        context.stop(false);

        lines.sort(Comparator.<String[]>comparingLong(line -> Long.parseLong(line[0]))
                .thenComparing(line -> line[1])
                .thenComparing(line -> line[2]));
        List<String> text = new ArrayList<>(lines.size());
        for (String[] line : lines) {
            text.add(String.join("\t", line));
        }
        return text;
    }

    private static long sum(List<Long> values) {
        long total = 0;
        for (long value : values) {
            total += value;
        }
        return total;
    }

    /** Turns each output's batches into lines, numbering batches from 0 as the input does. */
    private record Output(StreamingContext context, List<String[]> lines) {

        void unkeyed(String name, DStream<Long> stream, boolean reportFiring) {
            stream.foreachBatch(batch -> {
                for (Long value : batch) {
                    lines.add(new String[] {index(batch), name, "*", value.toString()});
                }
                fired(name, batch, reportFiring);
            });
        }

        <K> void keyed(String name, PairDStream<K, Long> stream, boolean reportFiring) {
            stream.foreachBatch(batch -> {
                for (Pair<K, Long> pair : batch) {
                    lines.add(new String[] {index(batch), name, String.valueOf(pair.key()), pair.value().toString()});
                }
                fired(name, batch, reportFiring);
            });
        }

        private void fired(String name, Batch<?> batch, boolean reportFiring) {
            if (reportFiring) {
                lines.add(new String[] {index(batch), name + ".fired", "*", Integer.toString(batch.size())});
            }
        }

        private String index(Batch<?> batch) {
            return Long.toString((batch.time() - context.firstBatchTime()) / B.toMillis());
        }
    }

    private static List<List<Row>> parse(List<String> csv) {
        List<List<Row>> batches = new ArrayList<>();
        int declared = -1;
        int lineNumber = 0;
        for (String line : csv) {
            lineNumber++;
            String trimmed = line.strip();
            if (trimmed.isEmpty()) {
                continue;
            }
            if (trimmed.startsWith("#")) {
                for (String word : trimmed.substring(1).trim().split("\\s+")) {
                    if (word.startsWith("batches=")) {
                        declared = Integer.parseInt(word.substring("batches=".length()));
                    }
                }
                continue;
            }
            String[] fields = trimmed.split(",", -1);
            if (fields.length != 5) {
                throw new IllegalArgumentException("line " + lineNumber + ": expected batch,busId,stopId,boardings,"
                        + "alightings but found " + fields.length + " fields: " + line);
            }
            Row row = new Row(Integer.parseInt(fields[0]), fields[1], fields[2],
                    Long.parseLong(fields[3]), Long.parseLong(fields[4]));
            while (batches.size() <= row.batch()) {
                batches.add(new ArrayList<>());
            }
            batches.get(row.batch()).add(row);
        }
        while (batches.size() < declared) {
            batches.add(new ArrayList<>());
        }
        return batches;
    }
}
