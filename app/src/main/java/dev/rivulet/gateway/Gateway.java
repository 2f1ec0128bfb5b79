package dev.rivulet.gateway;

import dev.rivulet.alerts.Alert;
import dev.rivulet.alerts.AlertKind;
import dev.rivulet.alerts.AlertKinds;
import dev.rivulet.alerts.StorageFullAlert;
import dev.rivulet.archive.ArchiveGrid;
import dev.rivulet.archive.InputArchive;
import dev.rivulet.checkpoint.CheckpointRecovery;
import dev.rivulet.checkpoint.Checkpointer;
import dev.rivulet.checkpoint.OutboxBuffer;
import dev.rivulet.checkpoint.RecordCodec;
import dev.rivulet.checkpoint.StorageHealth;
import dev.rivulet.checkpoint.StoreJournal;
import dev.rivulet.outputs.PinRequest;
import dev.rivulet.outputs.OutputKinds;
import dev.rivulet.outputs.OutputKind;
import dev.rivulet.outputs.OutputLinks;
import dev.rivulet.outputs.PublishFailures;
import dev.rivulet.sources.SourceKind;
import dev.rivulet.sources.SourceLinks;
import dev.rivulet.configfile.RivuletConfig;
import dev.rivulet.ingest.KeyLimit;
import dev.rivulet.ingest.RateLimit;
import dev.rivulet.ingest.ReceiverSink;
import dev.rivulet.pipeline.PipelineKind;
import dev.rivulet.pipeline.PipelineKinds;
import dev.rivulet.sensors.DigitalOutput;
import dev.rivulet.sensors.MessagePublisher;
import dev.rivulet.sensors.Reading;
import dev.rivulet.sensors.Source;
import dev.rivulet.sensors.mqtt.MqttPublisher;
import dev.rivulet.sensors.mqtt.MqttSettings;
import dev.rivulet.signals.SignalTap;
import dev.rivulet.status.Health;
import dev.rivulet.status.StatusServer;
import dev.rivulet.storage.OutboxMessage;
import dev.rivulet.storage.Store;
import dev.rivulet.storage.StoreConfig;
import dev.rivulet.storage.StoreCounters;
import dev.rivulet.storage.memory.InMemoryStore;
import dev.rivulet.storage.sqlite.SqliteStore;
import dev.rivulet.streaming.DStream;
import dev.rivulet.streaming.PipelineChangedException;
import dev.rivulet.streaming.Recovery;
import dev.rivulet.streaming.Receiver;
import dev.rivulet.streaming.ReceiverInputDStream;
import dev.rivulet.streaming.StreamingContext;
import dev.rivulet.streaming.clock.Clock;
import dev.rivulet.streaming.clock.SystemClock;
import dev.rivulet.upstream.ForwarderSettings;
import dev.rivulet.upstream.OutboxForwarder;
import java.io.IOException;
import java.net.BindException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.tinylog.Logger;

/**
 * A running gateway: the configuration's sources, pipelines, alerts and outputs on one streaming context,
 * with its state in SQLite.
 *
 * <p>Start order: the store, recovery, outputs, the engine, and only then the sources, so no reading arrives
 * before there is somewhere to put it. Stop order is the reverse: sources first, then the engine finishes the
 * batch in flight, then outputs and the store.
 */
public final class Gateway implements AutoCloseable {

    private final RivuletConfig config;
    private final Store store;
    private final StreamingContext context;
    private final GatewayMetrics metrics = new GatewayMetrics();
    private final LiveFleet fleet = new LiveFleet(120);
    private final Map<String, ReceiverInputDStream<Reading>> receivers = new LinkedHashMap<>();
    /** The sources started so far, in the configuration's order; read by the status page while they start. */
    private final List<Source> sources = new CopyOnWriteArrayList<>();
    /** Each source's limit of keys, by source name ({@link KeyLimit#NONE} without one). */
    private final Map<String, KeyLimit> keyLimits = new ConcurrentHashMap<>();
    private final Map<String, MessagePublisher> publishers = new LinkedHashMap<>();
    /** Opens the publisher of one broker of the configuration: MQTT in service, a recorder when replaying. */
    private final Function<String, MessagePublisher> publisherFactory;
    /** How the gateway is wired when it replays recorded readings; null in service. */
    private final Replaying replaying;
    private final Map<Integer, DigitalOutput> pins = new LinkedHashMap<>();
    private final Function<PinRequest, DigitalOutput> pinFactory;
    private final OutboxBuffer outbox;
    private final PublishFailures publishFailures = new PublishFailures();
    /** Keeps the sources' dead letters, many to a write. */
    private final DeadLetterWriter deadLetters;
    private final Checkpointer checkpointer;
    private final StoreJournal journal;
    private final CountDownLatch firstBatch = new CountDownLatch(1);
    private final CompletableFuture<Throwable> engineFailure = new CompletableFuture<>();
    private final Clock clock;
    /** Told whenever what {@link #health()} and the counters show may have changed ({@link #onChange}). */
    private final List<Runnable> changeListeners = new CopyOnWriteArrayList<>();
    private volatile long lastBatchCompletedNanos;
    private OutboxForwarder forwarder;
    private StatusServer status;
    /** The input archive, or null when {@code storage.archive} is off. */
    private InputArchive archive;

    /**
     * A replay's wiring ({@link #replay}).
     *
     * @param publishers       every output broker's publisher
     * @param receiverCapacity readings each source's receiver holds: a replay pushes a whole batch before running it
     * @param tap              who takes every value of one signal (a baseline being built); null for none
     */
    private record Replaying(Function<String, MessagePublisher> publishers, int receiverCapacity, SignalTap tap) {
    }

    private Gateway(RivuletConfig config, Store store, Function<PinRequest, DigitalOutput> pinFactory, Clock clock,
                    Replaying replaying) {
        this.config = config;
        this.store = store;
        this.pinFactory = pinFactory;
        this.replaying = replaying;
        this.publisherFactory = replaying == null ? this::mqttPublisher : replaying.publishers();
        this.clock = clock;
        this.lastBatchCompletedNanos = clock.nanoTime();
        this.outbox = new OutboxBuffer(config.outboxMax());
        this.deadLetters = new DeadLetterWriter(store.deadLetters(), storeConfig(config).deadLetterMaxRawBytes(),
                Duration.ofSeconds(1));
        this.context = new StreamingContext(config.batchInterval(), clock);
        RecordCodec codec = recordCodec();
        this.journal = new StoreJournal(store.receiverLog(), codec, new StorageHealth(),
                replaying == null && config.archive().enabled());
        this.checkpointer = new Checkpointer(store, codec, journal, outbox, config.checkpointEvery(), clock::nanoTime);
        if (replaying == null) {
            // A replay has nothing to make durable: its input is a recording, its outbox what it writes out.
            context.setReceivedDataLog(journal);
            context.setBatchCommitter(checkpointer);
        }
        context.addListener(metrics);
        context.addListener(info -> lastBatchCompletedNanos = clock.nanoTime());
        context.onEngineFailure(engineFailure::complete);
        context.addListener(info -> {
            if (firstBatch.getCount() > 0 && replaying == null) {
                firstBatch.countDown();
                // Said as /health says it: a source still connecting keeps the gateway not ready.
                Health health = health();
                Logger.info("the first batch ({} ms) completed {} ms after the JVM started; {}", info.batchTime(),
                        dev.rivulet.ops.ProcessUptime.millis(), health.ready() ? "ready"
                        : "not ready yet: " + String.join("; ", health.reasons()));
            }
        });
        context.addListener(info -> changed());
        build();
    }

    /**
     * Opens the state directory and starts everything.
     *
     * @param pinFactory how GPIO outputs are made (Pi4J on a Pi; a fake in tests)
     * @throws IOException if the last checkpoint cannot be read (the state directory is created by the store, which
     *                     throws a StoreException when it cannot)
     */
    public static Gateway start(RivuletConfig config, Function<PinRequest, DigitalOutput> pinFactory) throws IOException {
        return start(config, pinFactory, SystemClock.INSTANCE);
    }

    /**
     * Starts everything on {@code clock}: the engine's batches, the simulator's pace, health's ages and the store's
     * timestamps all read it. The system's clock in service; a {@link dev.rivulet.streaming.clock.ManualClock} in
     * tests, which then run batches by advancing it, with no real-time waiting.
     */
    public static Gateway start(RivuletConfig config, Function<PinRequest, DigitalOutput> pinFactory, Clock clock)
            throws IOException {
        // The store creates the state directory, private (0700), when it is not there.
        Store store = SqliteStore.open(storeConfig(config), wallClock(clock));
        Gateway gateway;
        try {
            // Before recovery: recovery's first checkpoint prunes, and the archive must have cut off what a prune
            // that did not commit wrote.
            InputArchive archive = config.archive().enabled() ? InputArchive.open(config.stateDirectory()
                    .resolve(ARCHIVE_DIRECTORY), config.archive(), recordCodec(), store.receiverLog()) : null;
            Optional<Recovery> recovery = CheckpointRecovery.load(store, recordCodec(), config.batchInterval().toMillis());
            gateway = new Gateway(config, store, pinFactory, clock, null);
            gateway.archive = archive;
            recovery.ifPresent(gateway::resumeFrom);
        } catch (IOException | RuntimeException e) {
            store.close();
            throw e;
        }
        try {
            gateway.startAll();
            return gateway;
        } catch (RuntimeException e) {
            gateway.close();
            throw e;
        }
    }

    /**
     * The configuration's pipelines, alert rules and outputs on {@code clock}, with nothing live around them: what
     * {@code rivulet replay} runs recorded readings through. No source is opened (the caller pushes readings into
     * {@link #receiver}), there is no status page and no forwarder (the caller takes the outbox), and every
     * output's broker and pin is what the caller gives. The state directory should be a fresh one.
     */
    public static Gateway replay(RivuletConfig config, Clock clock, Function<String, MessagePublisher> publishers,
                                 Function<PinRequest, DigitalOutput> pins) {
        return replay(config, clock, publishers, pins, null);
    }

    /** As {@link #replay(RivuletConfig, Clock, Function, Function)}, every value of {@code tap}'s signal to it. */
    public static Gateway replay(RivuletConfig config, Clock clock, Function<String, MessagePublisher> publishers,
                                 Function<PinRequest, DigitalOutput> pins, SignalTap tap) {
        Store store = new InMemoryStore(storeConfig(config), wallClock(clock));
        Gateway gateway;
        try {
            gateway = new Gateway(config, store, pins, clock, new Replaying(publishers, REPLAY_RECEIVER_CAPACITY, tap));
        } catch (RuntimeException e) {
            store.close();
            throw e;
        }
        try {
            config.outputs().values().forEach(output -> output.connect(gateway::publisher));
            gateway.context.start();
            return gateway;
        } catch (RuntimeException e) {
            gateway.close();
            throw e;
        }
    }

    /** Tells the archive the grid its readings are on; a failure is said, and replays align on the first batch. */
    private void recordArchiveGrid() {
        long interval = config.batchInterval().toMillis();
        try {
            archive.recordGrid(context.firstBatchTime() - interval, interval);
        } catch (IOException e) {
            Logger.warn("Archive: could not write {} ({}); a replay of the archive aligns its periods on its first"
                    + " reading's batch instead of the gateway's", ArchiveGrid.FILE, e.toString());
        }
    }

    /** The input archive's directory under the state directory. */
    public static final String ARCHIVE_DIRECTORY = "archive";

    /** A replay's receivers hold a whole batch: up to this many readings per source and batch. */
    static final int REPLAY_RECEIVER_CAPACITY = 1 << 22;

    /**
     * The outbox messages outputs produced since the last call: what a replay writes out after each batch, in the
     * order the outbox would have queued them (a replay takes no checkpoints, which would queue them).
     */
    public List<OutboxMessage> takeOutboxMessages() {
        return outbox.drain();
    }

    /** Where readings of source {@code name} go into the engine; for {@link #replay}. */
    public Receiver<Reading> receiver(String name) {
        ReceiverInputDStream<Reading> stream = receivers.get(name);
        if (stream == null) {
            throw new IllegalArgumentException("no source '" + name + "' in the configuration");
        }
        return stream.receiver();
    }

    /** {@code clock}'s wall time as the store reads time. */
    private static java.time.Clock wallClock(Clock clock) {
        return new java.time.Clock() {
            @Override
            public java.time.ZoneId getZone() {
                return java.time.ZoneOffset.UTC;
            }

            @Override
            public java.time.Clock withZone(java.time.ZoneId zone) {
                return java.time.Clock.fixed(instant(), zone);
            }

            @Override
            public java.time.Instant instant() {
                return java.time.Instant.ofEpochMilli(clock.wallTimeMillis());
            }
        };
    }

    /**
     * Resumes from the checkpoint. When the configuration changed since it was taken, the state of every stream
     * that is still computed the same way is kept, every logged reading is replayed, and the outbox — outputs
     * already produced — is delivered as it is: nothing committed is ever moved aside for a configuration change.
     */
    private void resumeFrom(Recovery recovery) {
        try {
            context.recoverFrom(recovery);
        } catch (PipelineChangedException e) {
            Logger.warn("the pipelines changed since the last checkpoint (the configuration, or a version that computes"
                    + " more): {}. Resuming with what still fits, new streams starting empty;"
                    + " the outbox ({} messages) is delivered as it is", e.getMessage(), store.outbox().depth());
            context.recoverFrom(e.fitting());
        }
    }

    /** The codec of the gateway's checkpoints: the built-in records and the alert rules' state. */
    static RecordCodec recordCodec() {
        return AlertKinds.registerCodecs(PipelineKinds.registerCodecs(new RecordCodec()));
    }

    static StoreConfig storeConfig(RivuletConfig config) {
        return StoreConfig.builder(config.stateDirectory())
                .synchronous(config.synchronous())
                .checkpointsRetained(config.checkpointsKept())
                .outboxMaxMessages(config.outboxMax())
                .logMaxBytes(Math.max(1, (long) (config.logMaxMegabytes() * 1024 * 1024)))
                .maxPageCount(config.maxMegabytes() <= 0 ? 0 : Math.max(1, (long) (config.maxMegabytes() * 1024 * 1024 / 4096)))
                .build();
    }

    /** The pipelines, alerts and outputs of the configuration, on the context. */
    private void build() {
        config.sources().forEach((name, source) -> receivers.put(name, context.receiverStream(name,
                replaying == null ? source.limits().buffer() : replaying.receiverCapacity())));
        OutputLinks outputLinks = AlertOutputs.links(config, this::publisher, this::pin, outbox, fleet, publishFailures);
        AlertOutputs alerts = new AlertOutputs(config, outputLinks, fleet);
        watchCheckpoints(alerts);
        reportStorageAtStart(alerts);
        ResultOutputs results = new ResultOutputs(config, outputLinks);
        for (PipelineKind pipeline : config.pipelines().values()) {
            List<DStream<Reading>> inputs = new ArrayList<>();
            pipeline.sources().forEach(source -> inputs.add(receivers.get(source)));
            GatewayPipelineLinks links = new GatewayPipelineLinks(config, pipeline, fleet, alerts, outbox, results,
                    this::summaryHealth);
            // Each pipeline's streams are built in its own scope, so its saved state comes back to it however the
            // pipelines around it change: two pipelines on one source may otherwise be computed alike but for their
            // functions, and would exchange their state when listed in another order.
            String scope = "pipelines." + pipeline.name();
            context.scoped(scope, () -> pipeline.open(inputs.size() == 1 ? inputs.get(0) : context.union(inputs), links));
            links.watchSignals(context);
            if (replaying != null && replaying.tap() != null) {
                context.scoped(scope, () -> links.tap(replaying.tap()));
            }
        }
    }

    /**
     * The storage-full alert ({@link StorageFullAlert}) on the log and on every MQTT and upstream output the alert
     * rules use. The upstream copy waits in the outbox until space returns.
     */
    private void watchCheckpoints(AlertOutputs alerts) {
        List<String> outputs = storageAlertOutputs();
        context.addListener(new StorageFullAlert(journal.health(), config.gatewayId(), alert -> alerts.deliver(alert, outputs)));
    }

    /** Where storage alerts go: the log, and every MQTT and upstream output the alert rules use. */
    private List<String> storageAlertOutputs() {
        List<String> outputs = new ArrayList<>(List.of(OutputKinds.LOG));
        for (AlertKind rule : config.alerts().values()) {
            for (String name : rule.outputs()) {
                OutputKind output = config.outputs().get(name);
                if (output != null && !outputs.contains(name) && output.carriesStorageAlerts()) {
                    outputs.add(name);
                }
            }
        }
        return outputs;
    }

    /**
     * What storage found wrong at start is said as an alert at the first batch, on the log and the outputs storage
     * alerts use (upstream too), besides the error logged with the paths and the counts in /metrics: a corrupted
     * database file moved aside (its last resort), or a database holding less than it had committed.
     */
    private void reportStorageAtStart(AlertOutputs alerts) {
        List<Function<Long, Alert>> reports = new ArrayList<>();
        long moved = store.counters().get(StoreCounters.Counter.CORRUPT_FILES_MOVED_ASIDE);
        if (moved > 0) {
            reports.add(batchTime -> new Alert("state-moved-aside", config.gatewayId(), batchTime, true, moved,
                    "the database in " + config.stateDirectory() + " was corrupted and moved aside; the gateway"
                    + " started with empty state (see the log for the file's new name)"));
        }
        store.stateLoss().ifPresent(loss -> reports.add(batchTime -> new Alert("state-lost", config.gatewayId(),
                batchTime, true, 1, loss.description() + "; the files as found are kept at " + loss.keptAt())));
        if (reports.isEmpty()) {
            return;
        }
        AtomicBoolean said = new AtomicBoolean();
        context.addListener(info -> {
            if (said.compareAndSet(false, true)) {
                reports.forEach(report -> alerts.deliver(report.apply(info.batchTime()), storageAlertOutputs()));
            }
        });
    }

    private void startAll() {
        startStatus();
        // Connect every output now, not at the first alert: a first alert should not wait for a connection,
        // and a wrong broker address should show at start.
        config.outputs().values().forEach(output -> output.connect(this::publisher));
        if (config.upstream().enabled()) {
            forwarder = new OutboxForwarder(store.outbox(), publisher(config.upstream().broker()),
                    ForwarderSettings.defaults(config.gatewayId()).withBackoff(upstreamFirstRetry(), config.upstream().retryMax()));
            checkpointer.afterCommit(forwarder::wake);
            forwarder.start();
        }
        context.start();
        if (archive != null) {
            recordArchiveGrid();
        }
        SourceLinks links = new SourceLinks(config.brokers(), config.batchInterval(), clock,
                source -> FilesRead.of(store.receiverLog(), source));
        for (SourceKind kind : config.sources().values()) {
            Source source = kind.open(links);
            source.onLinkChange(this::changed);
            int maxKeys = kind.limits().maxKeys();
            KeyLimit keys = maxKeys == 0 ? KeyLimit.NONE : keyLimit(kind.name(), maxKeys);
            keyLimits.put(kind.name(), keys);
            ReceiverSink sink = new ReceiverSink(receivers.get(kind.name()).receiver(), journal.health()::awaitIntake,
                    RateLimit.of(kind.limits().maxRate(config.batchInterval())), keys, deadLetters, this::changed);
            source.start(sink, deadLetters);
            sources.add(source);
        }
        Logger.info("gateway {} running {} ms after the JVM started: {} sources, {} pipelines, batches of {} ms, state in {}",
                config.gatewayId(), dev.rivulet.ops.ProcessUptime.millis(), sources.size(),
                config.pipelines().size(), config.batchInterval().toMillis(), config.stateDirectory());
    }

    /**
     * The limit of {@code source}'s keys, and of the values of each label a pipeline reading it keys its state by,
     * counting from what the store holds.
     */
    private KeyLimit keyLimit(String source, int maxKeys) {
        Set<String> keys = journal.keepKeysOf(source);
        Map<String, Set<String>> labelValues = new TreeMap<>();
        for (PipelineKind pipeline : config.pipelines().values()) {
            if (pipeline.sources().contains(source)) {
                for (String label : pipeline.labelsKeyedBy()) {
                    labelValues.computeIfAbsent(label, l -> journal.keepLabelValuesOf(source, l));
                }
            }
        }
        return new KeyLimit(source, maxKeys, keys, labelValues);
    }

    /** {@code , or of label 'stop''s values}: what else a source's limit counted, for its health reason. */
    private static String labelsCounted(KeyLimit keys) {
        return keys.labelValues().keySet().stream().map(label -> ", or of label '" + label + "''s values")
                .collect(Collectors.joining());
    }

    /** The first wait of the upstream link's back-off: a second, or retry-max when that is shorter. */
    private Duration upstreamFirstRetry() {
        return Duration.ofMillis(Math.min(1000, config.upstream().retryMax().toMillis()));
    }

    /**
     * The status endpoint, before anything else runs. A port it cannot bind stops the start: another program
     * holding it would answer the /health and /metrics that systemd and monitoring believe.
     */
    private void startStatus() {
        if (config.statusPort() == 0) {
            return;
        }
        String where = "status.address " + config.statusAddress() + ", status.port " + config.statusPort();
        try {
            status = StatusServer.start(config.statusAddress(), config.statusPort(), config.statusAllowedHosts(),
                    new GatewayStatus(this));
        } catch (IOException e) {
            boolean inUse = e instanceof BindException && String.valueOf(e.getMessage()).contains("in use");
            String fix = inUse
                    ? "Another program holds the port, and would answer the /health and /metrics that monitoring reads:"
                    + " stop it (ss -ltnp 'sport = :" + config.statusPort() + "' shows which), choose another status.port,"
                    + " or set status.port: 0 to run without the status page"
                    : "Set status.address to an address of this machine (127.0.0.1, or 0.0.0.0 for every interface),"
                    + " or set status.port: 0 to run without the status page";
            throw new GatewayStartException(where + ": the status page cannot listen there (" + e.getMessage() + "). "
                    + fix, e);
        }
    }

    private synchronized MessagePublisher publisher(String broker) {
        return publishers.computeIfAbsent(broker, name -> {
            MessagePublisher publisher = publisherFactory.apply(name);
            publisher.onLinkChange(this::changed);
            return publisher;
        });
    }

    private MessagePublisher mqttPublisher(String name) {
        MqttSettings settings = config.brokers().get(name).mqtt("out");
        if (config.upstream().enabled() && name.equals(config.upstream().broker())) {
            // One back-off per link, the configured one: the client reconnects at least every retry-max, and
            // the forwarder only looks at the link (a client left at its own 60 s cap came back up to a
            // minute after the broker did, whatever upstream.retry-max said).
            settings.reconnectDelays(upstreamFirstRetry(), config.upstream().retryMax());
        }
        MqttPublisher publisher = new MqttPublisher(settings);
        publisher.start();
        return publisher;
    }

    private synchronized DigitalOutput pin(PinRequest output) {
        return pins.computeIfAbsent(output.pin(), number -> pinFactory.apply(output));
    }

    FleetSummary.Health summaryHealth() {
        return new FleetSummary.Health(metrics.batches(), metrics.records(), metrics.maxSchedulingDelayMillis(),
                metrics.maxProcessingMillis(), droppedReadings(), store.deadLetters().count(), store.outbox().depth());
    }

    /** Dead letters the sources handed over that are not yet kept in the store. */
    long deadLettersWaiting() {
        return deadLetters.waiting();
    }

    /** Readings refused by full buffers since start: the engine's receivers and the sources' own. */
    long droppedReadings() {
        long dropped = 0;
        for (ReceiverInputDStream<Reading> receiver : receivers.values()) {
            dropped += receiver.receiver().stats().dropped();
        }
        for (Source source : sources) {
            dropped += source.counters().dropped();
        }
        return dropped;
    }

    /** The status endpoint's address, or null when it is off. */
    public java.net.URI statusUri() {
        return status == null ? null : status.uri();
    }

    /** Whether the write-ahead log or checkpoints cannot be written now (a full disk). */
    public boolean storageFailing() {
        return journal.health().isFailing();
    }

    /** Waits until the first batch completed. */
    public boolean awaitFirstBatch(Duration timeout) throws InterruptedException {
        return firstBatch.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Runs {@code action} once if the engine stops on an error (at once if it already has). */
    public void whenEngineFails(java.util.function.Consumer<Throwable> action) {
        engineFailure.thenAccept(action);
    }

    /** The error the engine stopped on, if it did. */
    public Optional<Throwable> engineFailure() {
        return Optional.ofNullable(engineFailure.getNow(null));
    }

    /** How long ago the last batch completed (since start, before the first). */
    public Duration sinceLastBatch() {
        return Duration.ofNanos(clock.nanoTime() - lastBatchCompletedNanos);
    }

    /** The sources not taking input now: not started yet, or (MQTT) not connected and subscribed. */
    public List<String> sourcesNotReady() {
        return new ArrayList<>(sourceProblems().keySet());
    }

    /**
     * Why each source not taking input is not, by name. A configured source not started yet counts: the status
     * page answers from before the sources start, and on a first start the broker holds no session for the
     * gateway, so what is published before the subscription is not for it.
     */
    private Map<String, String> sourceProblems() {
        Map<String, Source> started = new LinkedHashMap<>();
        for (Source source : sources) {
            started.put(source.name(), source);
        }
        Map<String, String> problems = new LinkedHashMap<>();
        for (String name : config.sources().keySet()) {
            Source source = started.get(name);
            if (source == null) {
                problems.put(name, "source '" + name + "' is starting: not connected and subscribed yet");
            } else if (!source.isReady()) {
                problems.put(name, "source '" + name + "' is not connected and subscribed"
                        + (source.problem() == null ? "" : ": " + source.problem()));
            }
        }
        return problems;
    }

    /**
     * Why the gateway is not ready, or not live; empty when it is both. Live: the engine runs and batches
     * complete within a few intervals. Ready: live, a batch completed, every source connected and subscribed,
     * the database written and the last checkpoint recent.
     */
    public Health health() {
        List<String> dead = new ArrayList<>();
        engineFailure().ifPresent(e -> dead.add("the streaming engine stopped: " + e));
        long interval = config.batchInterval().toMillis();
        Duration stalled = Duration.ofMillis(5 * interval).plusSeconds(10);
        if (sinceLastBatch().compareTo(stalled) > 0) {
            dead.add("no batch completed for " + sinceLastBatch().toSeconds() + " s (batches are every "
                    + interval + " ms)");
        }
        List<String> reasons = new ArrayList<>(dead);
        if (metrics.batches() == 0) {
            reasons.add("no batch has completed yet");
        }
        reasons.addAll(sourceProblems().values());
        if (storageFailing()) {
            reasons.add("the database cannot be written (is the disk full?); processing goes on in memory");
        }
        String logBound = journal.health().logBoundReached();
        if (logBound != null) {
            reasons.add("taking no new readings: " + logBound);
        }
        long lastCheckpoint = checkpointer.lastCheckpointBatchTime();
        long checkpointBound = 5L * config.checkpointEvery() * interval + 10_000;
        if (metrics.batches() > 0 && lastCheckpoint >= 0 && metrics.lastBatchTime() - lastCheckpoint > checkpointBound) {
            reasons.add("the last checkpoint is " + (metrics.lastBatchTime() - lastCheckpoint) / 1000
                    + " s old (checkpoints are every " + config.checkpointEvery() + " batches)");
        } else if (metrics.batches() > config.checkpointEvery() && lastCheckpoint < 0) {
            reasons.add("no checkpoint has been written yet");
        }
        boolean ready = reasons.isEmpty();
        List<String> degraded = linksDown();
        keyLimits.values().stream().filter(keys -> keys.refused() > 0).forEach(keys -> degraded.add("source '"
                + keys.source() + "' has taken its max-keys " + keys.limit() + " (of keys" + labelsCounted(keys) + "): "
                + keys.refused() + " readings of further ones dead-lettered (raise sources." + keys.source()
                + ".max-keys if it has more)"));
        String lettersProblem = deadLetters.problem();
        if (lettersProblem != null) {
            degraded.add(deadLetters.waiting() + " dead letters wait to be kept, their messages not acknowledged: "
                    + lettersProblem);
        }
        reasons.addAll(degraded);
        return new Health(dead.isEmpty(), ready, reasons, dead.isEmpty() && !degraded.isEmpty());
    }

    /**
     * Outputs whose broker refuses or cannot be reached after trying: the gateway degrades but stays ready, since
     * what they would send waits in the outbox (upstream) or is an alert also in the log.
     */
    private synchronized List<String> linksDown() {
        List<String> down = new ArrayList<>();
        publishers.forEach((broker, publisher) -> {
            String problem = publisher.problem();
            if (publisher.isConnected() || problem == null) {
                return;
            }
            if (broker.equals(config.upstream().broker()) && forwarder != null) {
                down.add("upstream down, holding " + store.outbox().depth() + " messages in the outbox: " + problem);
            } else {
                down.add("output broker '" + broker + "' down: " + problem);
            }
        });
        return down;
    }

    public RivuletConfig config() {
        return config;
    }

    /**
     * Calls {@code listener} each time what {@link #health()} and the counters show may have changed: a source's or
     * an output's link came up or failed, a source took a reading in, a batch completed. It runs on the thread that
     * made the change (a broker client's, a source's, the engine's), so it must return at once and never block.
     * Lets a supervisor or a test wait for a state (check it, then wait for the next change) instead of polling.
     */
    public void onChange(Runnable listener) {
        changeListeners.add(listener);
    }

    /** Called for every reading taken in: costs an emptiness check when nobody listens. */
    private void changed() {
        if (!changeListeners.isEmpty()) {
            changeListeners.forEach(Runnable::run);
        }
    }

    /** The clock everything in the gateway reads. */
    public Clock clock() {
        return clock;
    }

    public GatewayMetrics metrics() {
        return metrics;
    }

    /** Failed publishes per output since start. */
    public PublishFailures publishFailures() {
        return publishFailures;
    }

    public LiveFleet fleet() {
        return fleet;
    }

    public Store store() {
        return store;
    }

    /** The input archive, or null when {@code storage.archive} is off. */
    public InputArchive archive() {
        return archive;
    }

    /** The write-ahead log, for its counters. */
    public StoreJournal journal() {
        return journal;
    }

    public Checkpointer checkpointer() {
        return checkpointer;
    }

    public StreamingContext context() {
        return context;
    }

    /** The sources, for their counters. */
    public List<Source> sources() {
        return List.copyOf(sources);
    }

    /** Each running source's limit of keys, by source name ({@link KeyLimit#NONE} without one). */
    Map<String, KeyLimit> keyLimits() {
        return Map.copyOf(keyLimits);
    }

    /** The receivers by source name, for their counters. */
    public Map<String, ReceiverInputDStream<Reading>> receivers() {
        return receivers;
    }

    /** How long a clean stop waits for the outbox to reach the central broker, the uplink being up. */
    static final Duration STOP_DELIVERY_GRACE = Duration.ofSeconds(5);

    /**
     * At a clean stop, after the last batch's checkpoint: what the outbox holds goes upstream first while the uplink
     * is up, for up to {@link #STOP_DELIVERY_GRACE}; what is left is said, and goes at the next start.
     */
    private void deliverQueuedUpstream() {
        try {
            long queued = store.outbox().depth();
            if (queued == 0) {
                return;
            }
            boolean up = publisher(config.upstream().broker()).isConnected();
            if (up) {
                Logger.info("stopping: delivering the {} the outbox holds upstream first (for up to {} s)",
                        messages(queued), STOP_DELIVERY_GRACE.toSeconds());
            }
            long left = up ? forwarder.deliverQueued(STOP_DELIVERY_GRACE) : queued;
            if (left == 0) {
                Logger.info("stopping: delivered the {} the outbox held upstream", messages(queued));
            } else {
                Logger.info("stopping: {} stay in the outbox for the next start ({})", messages(left),
                        up ? "not delivered within " + STOP_DELIVERY_GRACE.toSeconds() + " s" : "the uplink is down");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            Logger.warn("stopping: could not deliver the outbox first ({}); its messages go at the next start",
                    e.toString());
        }
    }

    private static String messages(long count) {
        return count == 1 ? "1 message" : count + " messages";
    }

    /** Sources first, then the engine (finishing the batch in flight), then outputs and the store. */
    @Override
    public void close() {
        // A source waiting for the receiver log to have room would hold up its own close.
        journal.health().releaseIntake();
        for (Source source : sources) {
            try {
                source.close();
            } catch (RuntimeException e) {
                Logger.warn(e, "closing source {} failed", source.name());
            }
        }
        deadLetters.close();
        if (context.state() == StreamingContext.State.ACTIVE) {
            context.stop(true);
        }
        if (status != null) {
            status.close();
        }
        if (forwarder != null) {
            deliverQueuedUpstream();
            forwarder.close();
        }
        publishers.values().forEach(MessagePublisher::close);
        pins.values().forEach(DigitalOutput::off);
        store.close();
    }
}
