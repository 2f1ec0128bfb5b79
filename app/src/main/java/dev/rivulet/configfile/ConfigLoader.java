package dev.rivulet.configfile;

import dev.rivulet.alerts.AlertKind;
import dev.rivulet.alerts.AlertKinds;
import dev.rivulet.archive.ArchiveSettings;
import dev.rivulet.broker.BrokerSettings;
import dev.rivulet.broker.SecretFile;
import dev.rivulet.config.ConfigException;
import dev.rivulet.config.ConfigNode;
import dev.rivulet.config.ConfigProblem;
import dev.rivulet.config.WritableDirectory;
import dev.rivulet.config.YamlSyntaxProblem;
import dev.rivulet.ops.SecretValues;
import dev.rivulet.outputs.LogOutput;
import dev.rivulet.outputs.MqttOutput;
import dev.rivulet.outputs.OutputKind;
import dev.rivulet.outputs.OutputKinds;
import dev.rivulet.outputs.ResultRoute;
import dev.rivulet.outputs.UpstreamOutput;
import dev.rivulet.pipeline.PipelineKind;
import dev.rivulet.pipeline.PipelineKinds;
import dev.rivulet.signals.SignalSpec;
import dev.rivulet.sources.MqttInput;
import dev.rivulet.sources.SourceKind;
import dev.rivulet.sources.SourceKinds;
import dev.rivulet.sources.SourceLimits;
import dev.rivulet.storage.StoreConfig;
import dev.rivulet.storage.SyncMode;
import dev.rivulet.streaming.BatchGrid;
import dev.rivulet.streaming.Durations;
import dev.rivulet.upstream.UpstreamSettings;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.MalformedInputException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;

/**
 * Reads a {@code rivulet.yaml}: YAML 1.2 through snakeyaml-engine, which builds only maps, lists and
 * scalars (never objects named by the file), then every section, then the checks across sections.
 * All problems are reported together.
 */
public final class ConfigLoader {

    /** The sample configuration inside the jar; the demo runs it. */
    public static final String SAMPLE = "/rivulet.yaml";

    private ConfigLoader() {
    }

    /**
     * Reads and checks a file, as {@code run} and {@code check-config} do: besides what {@link #parse} checks, the
     * directories the gateway will write ({@link WritableDirectory}), so that a configuration passing
     * {@code check-config} does not fail at {@code run}.
     */
    public static RivuletConfig load(Path file) throws ConfigException {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (MalformedInputException e) {
            throw new ConfigException(file.toString(), List.of(new ConfigProblem("(file)", "is not UTF-8 text (a binary"
                    + " file?): give the YAML configuration file, e.g. /etc/rivulet/rivulet.yaml, saved as UTF-8")));
        } catch (IOException e) {
            throw new ConfigException(file.toString(), List.of(new ConfigProblem("(file)",
                    "cannot be read (" + e.getClass().getSimpleName() + ": " + e.getMessage() + "): check the path and"
                    + " that this user may read it")));
        }
        RivuletConfig config = parse(text, file.toString(), true);
        List<String> exposed = exposedSecrets(file, text);
        return exposed.isEmpty() ? config : config.withMoreWarnings(exposed);
    }

    /**
     * A secret written in the configuration itself ({@code password:}, not {@code password-file:}) in a file others
     * may read: told as a secret file others may read is ({@link SecretFile}), with the same fix.
     */
    private static List<String> exposedSecrets(Path file, String text) {
        List<String> keys = SecretValues.in(text).spans().stream().filter(span -> span.line() == span.keyLine())
                .map(span -> span.key() + " (line " + (span.line() + 1) + ")").toList();
        if (keys.isEmpty()) {
            return List.of();
        }
        try {
            return SecretFile.exposure(file).map(who -> file + ": " + String.join(", ", keys) + " written in the file"
                    + " itself, which is readable by " + who + ": run chmod 600 " + file + " (and chown rivulet " + file
                    + ") so that only the gateway reads it, or move the value to a file named by password-file").stream()
                    .toList();
        } catch (IOException e) {
            return List.of();
        }
    }

    /** Reads and checks the sample shipped in the jar. */
    public static RivuletConfig sample() throws ConfigException {
        return parse(sampleText(), "sample rivulet.yaml");
    }

    /** The sample's text. */
    public static String sampleText() {
        try (InputStream in = ConfigLoader.class.getResourceAsStream(SAMPLE)) {
            if (in == null) {
                throw new IllegalStateException("the sample rivulet.yaml is missing from the jar");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read the sample rivulet.yaml", e);
        }
    }

    /**
     * Reads and checks YAML text; {@code source} names it in messages. The directories it names are not looked at
     * ({@link #load} does): the text may describe another machine, or a directory replaced before start (the demo).
     */
    public static RivuletConfig parse(String yaml, String source) throws ConfigException {
        return parse(yaml, source, false);
    }

    private static RivuletConfig parse(String yaml, String source, boolean directories) throws ConfigException {
        Object document;
        try {
            LoadSettings settings = LoadSettings.builder().setLabel(source).setAllowDuplicateKeys(false)
                    .setMaxAliasesForCollections(10).build();
            document = new Load(settings).loadFromString(yaml);
        } catch (YamlEngineException e) {
            // Never snakeyaml's own message: it quotes the offending line, password and all.
            throw new ConfigException(source, List.of(YamlSyntaxProblem.of(e, yaml)));
        }
        if (document == null) {
            document = Map.of();
        }
        if (!(document instanceof Map<?, ?> map)) {
            throw new ConfigException(source, List.of(new ConfigProblem("(file)",
                    "must be a mapping of sections (gateway:, batch:, sources:, pipelines: ...)")));
        }
        List<ConfigProblem> problems = new ArrayList<>();
        List<String> warnings = new ArrayList<>();
        RivuletConfig config = read(new ConfigNode("", ConfigNode.stringKeys(map), problems, warnings), warnings);
        check(config, problems);
        List<String> unseen = unseenPipelines(config);
        if (!unseen.isEmpty()) {
            config = config.withMoreWarnings(unseen);
        }
        if (directories) {
            checkDirectories(config, problems);
        }
        if (!problems.isEmpty()) {
            throw new ConfigException(source, problems);
        }
        return config;
    }

    /**
     * A source whose {@code max-rate} lets a batch hold more than the unit's heap does: the engine holds a batch's
     * readings until it is computed.
     */
    private static void warnOfLargeBatches(String name, SourceLimits limits, Duration interval, List<String> warnings) {
        long perBatch = limits.perBatch(interval);
        if (perBatch > 100_000) {
            warnings.add("sources." + name + ".max-rate: " + limits.maxRate(interval) + " readings a second with batches"
                    + " of " + Durations.format(interval.toMillis()) + " lets a batch hold " + perBatch + ", and the engine"
                    + " holds a batch's readings until it is computed: the unit's 48 MiB heap holds about 100,000. Lower"
                    + " max-rate, or leave it out (then a batch holds at most " + SourceLimits.DEFAULT_PER_BATCH + ")");
        }
    }

    private static RivuletConfig read(ConfigNode root, List<String> warnings) {
        ConfigNode gateway = root.child("gateway");
        String gatewayId = SectionKeys.GATEWAY_ID.string(gateway);
        if (!gatewayId.matches("[A-Za-z0-9._-]+")) {
            gateway.problem("id", gatewayId + " may hold only letters, digits, '.', '_' and '-' (it is part of topics)");
        }
        gateway.rejectUnknown();

        ConfigNode batch = root.child("batch");
        Duration interval = SectionKeys.INTERVAL.duration(batch);
        if (interval.toMillis() < 10 || interval.toNanos() % 1_000_000 != 0) {
            batch.problem("interval", Durations.format(interval.toMillis()) + " is too short: use 10ms or more (1s is typical)");
            interval = Duration.ofSeconds(1);
        }
        batch.rejectUnknown();

        ConfigNode storage = root.child("storage");
        Path directory = Path.of(SectionKeys.DIRECTORY.string(storage));
        SyncMode synchronous = SyncMode.valueOf(SectionKeys.SYNCHRONOUS.choice(storage, List.of("full", "normal"))
                .toUpperCase(Locale.ROOT));
        int checkpointEvery = SectionKeys.CHECKPOINT_EVERY.integer(storage, 1, 100_000);
        int checkpointsKept = SectionKeys.CHECKPOINTS_RETAINED.integer(storage, 1, 100);
        int outboxMax = SectionKeys.OUTBOX_MAX.integer(storage, 1, 100_000_000);
        double maxMegabytes = SectionKeys.MAX_MEGABYTES.number(storage, 0, 1_000_000);
        double logMaxMegabytes = SectionKeys.LOG_MAX_MEGABYTES.number(storage, 0.001, 1_000_000);
        ArchiveSettings archive = ArchiveSettings.read(storage.child(SectionKeys.ARCHIVE.name()));
        storage.rejectUnknown();

        ConfigNode status = root.child("status");
        String statusAddress = SectionKeys.STATUS_ADDRESS.string(status);
        int statusPort = SectionKeys.STATUS_PORT.integer(status, 0, 65_535);
        List<String> allowedHosts = SectionKeys.allowedHosts(status);
        status.rejectUnknown();

        ConfigNode logging = root.child("logging");
        List<String> levelChoices = List.of("trace", "debug", "info", "warn", "error");
        String level = SectionKeys.LEVEL.choice(logging, levelChoices);
        Map<String, String> levels = new LinkedHashMap<>();
        ConfigNode perPackage = logging.child(SectionKeys.LEVELS.name());
        logging.scalars(SectionKeys.LEVELS.name()).forEach((pkg, value) -> levels.put(pkg,
                perPackage.choice(pkg, SectionKeys.LEVEL.fallback(), levelChoices.toArray(String[]::new))));
        String logFile = SectionKeys.LOG_FILE.string(logging);
        logging.rejectUnknown();

        Map<String, BrokerSettings> brokers = new LinkedHashMap<>();
        root.named("brokers").forEach((name, node) -> brokers.put(name, BrokerSettings.read(name, node, gatewayId)));
        Map<String, SourceKind> sources = new LinkedHashMap<>();
        root.named("sources").forEach((name, node) -> sources.put(name, SourceKinds.read(name, node)));
        for (Map.Entry<String, SourceKind> source : sources.entrySet()) {
            if (source.getValue() != null) {   // null: a kind not known, already a problem
                warnOfLargeBatches(source.getKey(), source.getValue().limits(), interval, warnings);
            }
        }
        Map<String, PipelineKind> pipelines = new LinkedHashMap<>();
        root.named("pipelines").forEach((name, node) -> pipelines.put(name, PipelineKinds.read(name, node)));
        Map<String, AlertKind> alerts = new LinkedHashMap<>();
        root.named("alerts").forEach((name, node) -> alerts.put(name, AlertKinds.read(name, node)));
        Map<String, OutputKind> outputs = new LinkedHashMap<>();
        root.named("outputs").forEach((name, node) -> outputs.put(name, OutputKinds.read(name, node)));
        UpstreamSettings upstream = UpstreamSettings.read(root.child("upstream"));
        root.rejectUnknown();
        return new RivuletConfig(gatewayId, interval, directory, synchronous, checkpointEvery, checkpointsKept,
                outboxMax, maxMegabytes, logMaxMegabytes, statusAddress, statusPort, allowedHosts, level, levels, logFile, brokers, sources, pipelines, alerts,
                outputs, upstream, archive, warnings);
    }

    /**
     * Pipelines whose values nobody sees: no {@code outputs}, no alert rule watching them, and a kind that shows
     * nothing by itself (an aggregate). The engine computes only what an output reads, so such a pipeline runs no
     * more than its checks of the readings.
     */
    private static List<String> unseenPipelines(RivuletConfig config) {
        List<String> warnings = new ArrayList<>();
        config.pipelines().forEach((name, pipeline) -> {
            if (pipeline != null && !pipeline.showsItsValues() && pipeline.outputs().isEmpty()
                    && config.alerts().values().stream().noneMatch(rule -> rule != null && name.equals(rule.pipeline()))) {
                warnings.add("pipelines." + name + ": its values go to no output and no alert rule watches it, so they"
                        + " are computed for nobody (only the readings its where leaves out show on the status page):"
                        + " give it outputs, e.g. outputs: [log], or a rule with pipeline: " + name);
            }
        });
        return warnings;
    }

    /** The checks across sections: references resolve, windows sit on the batch grid. */
    private static void check(RivuletConfig config, List<ConfigProblem> problems) {
        long interval = config.batchInterval().toMillis();
        if (config.sources().isEmpty()) {
            problems.add(new ConfigProblem("sources", "declare at least one source (mqtt, gpio, simulator, socket or directory)"));
        }
        if (config.pipelines().isEmpty()) {
            problems.add(new ConfigProblem("pipelines", "declare at least one pipeline"));
        }
        config.sources().forEach((name, source) -> {
            if (source instanceof MqttInput mqtt) {
                reference(problems, "sources." + name + ".broker", mqtt.broker(), config.brokers(), "brokers");
            }
        });
        config.pipelines().forEach((name, pipeline) -> {
            String path = "pipelines." + name;
            for (String source : pipeline.sources()) {
                reference(problems, path + ".source", source, config.sources(), "sources");
            }
            onGrid(problems, path + ".window", pipeline.window(), interval);
            onGrid(problems, path + ".slide", pipeline.slide(), interval);
            for (String output : pipeline.outputs()) {
                output(problems, path + ".outputs", output, config);
                takesResults(problems, path + ".outputs", output, config);
            }
        });
        config.alerts().forEach((name, alert) -> {
            String path = "alerts." + name;
            PipelineKind watched = reference(problems, path + (alert.signal() == null ? ".pipeline" : ".watch"),
                    alert.pipeline(), config.pipelines(), "pipelines");
            if (watched != null) {
                watchable(problems, path, alert, watched);
            }
            for (String output : alert.outputs()) {
                output(problems, path + ".outputs", output, config);
            }
        });
        config.outputs().forEach((name, output) -> {
            if (output instanceof MqttOutput mqtt && mqtt.broker() != null) {
                reference(problems, "outputs." + name + ".broker", mqtt.broker(), config.brokers(), "brokers");
            }
            if (output instanceof UpstreamOutput && !config.upstream().enabled()) {
                problems.add(new ConfigProblem("outputs." + name + ".type",
                        "upstream outputs need upstream.broker: name the central broker"));
            }
        });
        checkpointsWithinTheLogAge(config, problems);
        if (config.upstream().enabled()) {
            reference(problems, "upstream.broker", config.upstream().broker(), config.brokers(), "brokers");
            onGrid(problems, "upstream.period", config.upstream().period(), interval);
        }
    }

    /**
     * The receiver log holds the readings since the oldest retained checkpoint; past its age bound (batch time) the
     * gateway stops taking readings until a checkpoint prunes it ({@code LogBounds}), so checkpoints must come well
     * before that.
     */
    private static void checkpointsWithinTheLogAge(RivuletConfig config, List<ConfigProblem> problems) {
        long bound = StoreConfig.defaults(config.stateDirectory()).logMaxAge().toMillis();
        long interval = config.batchInterval().toMillis();
        long held = (long) config.checkpointsKept() * config.checkpointEvery() * interval;
        if (held >= bound) {
            long most = Math.max(1, (bound - 1) / ((long) config.checkpointsKept() * interval) / 2);
            problems.add(new ConfigProblem("storage.checkpoint-every", config.checkpointEvery() + " batches of "
                    + Durations.format(interval) + ", with checkpoints-retained " + config.checkpointsKept() + ", keep "
                    + hours(held) + " of readings in the receiver log, past its bound of " + hours(bound) + ": the gateway would stop taking readings; use " + most + " or fewer"));
        }
    }

    /** 83h20m, 24h. */
    private static String hours(long millis) {
        return Duration.ofMillis(millis).toString().substring(2).toLowerCase(Locale.ROOT);
    }

    private static void checkDirectories(RivuletConfig config, List<ConfigProblem> problems) {
        String state = WritableDirectory.problem(config.stateDirectory());
        if (state != null) {
            problems.add(new ConfigProblem("storage.directory", state));
        }
        Path logDirectory = config.logFile() == null ? null : Path.of(config.logFile()).toAbsolutePath().getParent();
        String log = logDirectory == null ? null : WritableDirectory.problem(logDirectory);
        if (log != null) {
            problems.add(new ConfigProblem("logging.file", "its directory " + log));
        }
    }

    /** {@code log} is always there: an output named log that is not declared writes to the log. */
    private static void output(List<ConfigProblem> problems, String path, String name, RivuletConfig config) {
        if (!name.equals(LogOutput.DEFAULT.name())) {
            reference(problems, path, name, config.outputs(), "outputs");
        }
    }

    /** The signal an alert rule watches is one its pipeline publishes, and one the rule's kind can watch. */
    private static void watchable(List<ConfigProblem> problems, String path, AlertKind alert, PipelineKind pipeline) {
        String wanted = AlertKinds.wantedSignal(alert, pipeline.signals());
        String signals = String.join(", ", pipeline.signals().stream().map(SignalSpec::name).toList());
        Optional<SignalSpec> signal = AlertKinds.signalOf(alert, pipeline.signals());
        if (signal.isEmpty() && alert.signal() != null) {
            problems.add(new ConfigProblem(path + ".watch", alert.pipeline() + "." + wanted + ": " + alert.pipeline()
                    + " publishes no signal " + wanted + "; its signals are " + signals));
        } else if (signal.isEmpty()) {
            problems.add(new ConfigProblem(path + ".type", alert.type() + " alerts watch a pipeline's " + wanted
                    + " signal, and " + alert.pipeline() + " publishes none (its signals: " + signals + "): use type:"
                    + " threshold, or watch: " + alert.pipeline() + ".SIGNAL"));
        } else if (!alert.canWatch(signal.get())) {
            problems.add(new ConfigProblem(path + (alert.signal() == null ? ".type" : ".watch"), alert.type()
                    + " alerts compare shares (high and low such as 90%), and " + alert.pipeline() + "." + wanted + " is "
                    + signal.get().measure().meaning() + " (" + signal.get().meaning() + "): use type: threshold"));
        }
    }

    /** An output a pipeline sends its results to must take them: a kind that refuses them says why. */
    private static void takesResults(List<ConfigProblem> problems, String path, String name, RivuletConfig config) {
        OutputKind output = config.outputs().get(name);
        if (output != null && output.results() instanceof ResultRoute.Refuses refused) {
            problems.add(new ConfigProblem(path, name + " cannot take this pipeline's results: " + refused.reason()));
        }
    }

    private static <T> T reference(List<ConfigProblem> problems, String path, String name, Map<String, T> known,
                                   String section) {
        if (name == null) {
            return null;
        }
        T found = known.get(name);
        if (!known.containsKey(name)) {
            problems.add(new ConfigProblem(path, name + " is not declared under " + section
                    + (known.isEmpty() ? " (there are none)" : "; declared: " + String.join(", ", known.keySet()))));
        }
        return found;
    }

    private static void onGrid(List<ConfigProblem> problems, String path, Duration value, long interval) {
        String problem = value == null ? null : BatchGrid.problem(value, interval, BatchGrid.batchInterval(interval));
        if (problem != null) {
            problems.add(new ConfigProblem(path, problem));
        }
    }
}
