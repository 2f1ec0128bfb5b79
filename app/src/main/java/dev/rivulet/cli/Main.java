package dev.rivulet.cli;

import dev.rivulet.config.ConfigException;
import dev.rivulet.configfile.ConfigLoader;
import dev.rivulet.configfile.RivuletConfig;
import dev.rivulet.gateway.Gateway;
import dev.rivulet.gateway.GatewayStartException;
import dev.rivulet.gateway.Pins;
import dev.rivulet.ops.Logging;
import dev.rivulet.ops.LoggingSettings;
import dev.rivulet.ops.SystemdNotify;
import dev.rivulet.replay.BaselineReplay;
import dev.rivulet.replay.Replay;
import dev.rivulet.sources.SimulatorInput;
import dev.rivulet.status.StatusClient;
import java.io.BufferedOutputStream;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.tinylog.Logger;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The {@code rivulet} command.
 *
 * <pre>
 * rivulet run --config FILE       run a gateway
 * rivulet demo [--seconds N]      a simulated fleet, real pipeline and SQLite state in a temporary directory
 * rivulet check-config FILE       check a configuration; exit 0 when it can run, 1 with every problem listed
 * rivulet status [--url URL]      the running gateway's state, from its status endpoint
 * rivulet train-archive           what install.sh runs with -XX:ArchiveClassesAtExit to make the class archive
 * rivulet --version
 * </pre>
 *
 * Exit codes: 0 done, 1 the configuration or the gateway failed, 2 the command line was wrong.
 * A user's mistake gets a message, never a stack trace.
 */
public final class Main {

    static final int OK = 0;
    static final int FAILED = 1;
    static final int USAGE = 2;

    /** How a demo's state directory is named ({@link #demoDirectory}): then the demo's process id, '-', a counter. */
    private static final String DEMO_DIRECTORY = "rivulet-demo-";
    private static final Pattern LEFT_DEMO = Pattern.compile(DEMO_DIRECTORY + "(\\d{1,18})-\\d+");

    private static final String USAGE_TEXT = """
            usage: rivulet <command> [options]

            commands:
              run --config FILE        run the gateway the configuration describes
              demo [--seconds N]       simulated buses through the occupancy pipeline, state in a temporary directory
              check-config FILE        check a configuration: exit 0 when it can run, 1 listing every problem
              status [--url URL]       show a running gateway's state (default http://127.0.0.1:9780)
              replay --config FILE INPUT...
                                       the configured pipelines over recorded MQTT messages; what the gateway
                                       would have sent, as JSON Lines; with --baseline-out FILE, also the
                                       baseline a busier-than-usual rule reads
              train-archive [--seconds N]
                                       the demo for N seconds (default 3), then the MQTT clients' classes
                                       loaded: what install.sh runs to make the class archive
              --version                print the version
              --help                   this text; 'rivulet COMMAND --help' for one command
            """;

    private final PrintStream out;
    private final PrintStream err;

    Main(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    public static void main(String[] args) {
        Thread.setDefaultUncaughtExceptionHandler((thread, e) -> {
            if (e instanceof Error) {
                // A missing class or an exhausted heap leaves nothing trustworthy running: end the process
                // with one line, so that systemd restarts it, rather than stay up doing nothing.
                System.err.println("rivulet: fatal " + e + " in thread " + thread.getName() + "; exiting");
                Runtime.getRuntime().halt(FAILED);
            }
            System.err.println("rivulet: thread " + thread.getName() + " stopped on " + e);
        });
        System.exit(new Main(System.out, System.err).execute(args));
    }

    int execute(String[] args) {
        if (args.length == 0) {
            err.print(USAGE_TEXT);
            return USAGE;
        }
        List<String> rest = new ArrayList<>(Arrays.asList(args).subList(1, args.length));
        try {
            return switch (args[0]) {
                case "run" -> run(rest);
                case "demo" -> demo(rest);
                case "check-config" -> checkConfig(rest);
                case "status" -> status(rest);
                case "replay" -> replay(rest);
                case "train-archive" -> trainArchive(rest);
                case "--version", "version" -> {
                    out.println("rivulet " + version());
                    yield OK;
                }
                case "--help", "-h", "help" -> {
                    out.print(USAGE_TEXT);
                    yield OK;
                }
                default -> usage("unknown command '" + args[0] + "'");
            };
        } catch (UsageException e) {
            return usage(e.getMessage());
        }
    }

    private int replay(List<String> args) {
        if (help(args, """
                usage: rivulet replay --config FILE [--from TIME] [--to TIME] [--until TIME] [--out FILE]
                                      [--publish | --baseline-out FILE [--baseline-rule NAME]] INPUT...
                  runs the configuration's pipelines, alert rules and outputs over recorded MQTT messages, on the
                  batch grid of their arrival times, as fast as the machine allows, and writes what the gateway
                  would have sent (upstream messages with their ids, MQTT publishes, GPIO changes) as JSON Lines to
                  FILE or stdout; nothing live is touched unless asked. --publish: also sends it, as the gateway
                  would have, to the configured brokers (MQTT outputs' and upstream messages; a client of its own,
                  <client-id>-replay; GPIO changes are only written). INPUT: JSON Lines, one message a line,
                  {"time": <epoch ms>, "topic": "...", "payload": "<UTF-8 text>"} (or "payloadBase64"), plain or
                  gzip; or a gateway's input archive (storage.archive): its directory, or some of its daily files,
                  replayed on the batches the gateway gave each reading. --until runs batches on past the last
                  reading to TIME (alerts and summaries after it, as the gateway kept running). TIME: epoch
                  milliseconds or an ISO-8601 instant (2026-12-01T06:00:00Z).
                  --baseline-out FILE: also writes the baseline of the busier-than-usual rule (the one named by
                  --baseline-rule, or the only one): each key's usual value by slot of the week, built with the
                  rule's watch, slot, time-zone, quantile and routes; what the gateway would have sent then goes
                  to --out only.""")) {
            return OK;
        }
        Path file = Path.of(option(args, "--config", "/etc/rivulet/rivulet.yaml"));
        Long from = time(option(args, "--from", null), "--from");
        Long to = time(option(args, "--to", null), "--to");
        Long until = time(option(args, "--until", null), "--until");
        String outFile = option(args, "--out", null);
        String baselineOut = option(args, "--baseline-out", null);
        String baselineRule = option(args, "--baseline-rule", null);
        boolean publish = args.remove("--publish");
        if (publish && baselineOut != null) {
            throw new UsageException("--publish sends what a replay writes; --baseline-out writes a baseline instead: give one");
        }
        if (baselineRule != null && baselineOut == null) {
            throw new UsageException("--baseline-rule names the rule a baseline is built for: give --baseline-out FILE too");
        }
        if (args.isEmpty()) {
            throw new UsageException("replay needs at least one recording (INPUT)");
        }
        List<Path> inputs = new ArrayList<>();
        for (String input : args) {
            if (input.startsWith("--")) {
                throw new UsageException("unexpected option '" + input + "'");
            }
            Path path = Path.of(input);
            if (!Files.isReadable(path)) {
                err.println("rivulet replay: cannot read the recording " + path + ": give a file of recorded messages"
                        + " or an archive directory (<storage.directory>/archive)");
                return FAILED;
            }
            inputs.add(path);
        }
        RivuletConfig config = load(file);
        if (config == null) {
            return FAILED;
        }
        Logging.configure(consoleLogging(config));
        Replay.Settings settings = new Replay.Settings(config, inputs, from, to, until, publish);
        try (OutputStream sink = outFile != null ? Files.newOutputStream(Path.of(outFile))
                : baselineOut != null ? OutputStream.nullOutputStream() : new FileOutputStream(FileDescriptor.out)) {
            OutputStream buffered = new BufferedOutputStream(sink, 1 << 16);
            if (baselineOut == null) {
                new Replay(settings, err).run(buffered);
            } else {
                BaselineReplay.build(settings, BaselineReplay.ruleFor(config, baselineRule), Path.of(baselineOut),
                        buffered, err);
            }
            buffered.flush();
            return OK;
        } catch (IllegalArgumentException | IllegalStateException e) {
            err.println("rivulet replay: " + e.getMessage());
            return FAILED;
        } catch (IOException e) {
            err.println("rivulet replay: " + e);
            return FAILED;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return FAILED;
        }
    }

    /** The configuration in {@code file}, or null when it cannot run (every problem said on stderr). */
    private RivuletConfig load(Path file) {
        try {
            return ConfigLoader.load(file);
        } catch (ConfigException e) {
            err.println(e.getMessage());
            return null;
        }
    }

    /** Epoch milliseconds or an ISO-8601 instant; null for null. */
    private static Long time(String value, String option) {
        if (value == null) {
            return null;
        }
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException notMillis) {
            try {
                return java.time.Instant.parse(value).toEpochMilli();
            } catch (java.time.format.DateTimeParseException e) {
                throw new UsageException(option + " '" + value + "' is neither epoch milliseconds nor an ISO-8601"
                        + " instant such as 2026-12-01T06:00:00Z");
            }
        }
    }

    private int usage(String message) {
        err.println("rivulet: " + message);
        err.print(USAGE_TEXT);
        return USAGE;
    }

    // ---------------------------------------------------------------- commands

    private int run(List<String> args) {
        if (help(args, "usage: rivulet run --config FILE\n  runs the gateway; stops cleanly on SIGTERM (systemctl stop)")) {
            return OK;
        }
        Path file = Path.of(option(args, "--config", "/etc/rivulet/rivulet.yaml"));
        noMore(args);
        StartWarmup.begin();
        RivuletConfig config = load(file);
        if (config == null) {
            return FAILED;
        }
        return serve(config, null, () -> { });
    }

    private int demo(List<String> args) {
        if (help(args, "usage: rivulet demo [--seconds N] [--port P]\n"
                + "  a simulated fleet through the bus-occupancy pipeline with real SQLite state in a temporary\n"
                + "  directory; prints the occupancy table and the alerts as they happen; runs until Ctrl-C\n"
                + "  or for N seconds; the status page is at http://127.0.0.1:P (default 9780, 0 for none)")) {
            return OK;
        }
        String seconds = option(args, "--seconds", null);
        String port = option(args, "--port", null);
        noMore(args);
        // Every option is checked before the state directory is made: a refused demo leaves nothing behind.
        Integer statusPort = port == null ? null : parseInt("--port", port, 0, 65_535);
        Duration runFor = seconds == null ? null : Duration.ofSeconds(parseInt("--seconds", seconds, 1, 86_400));
        StartWarmup.begin();
        try {
            String yaml = new String(Main.class.getResourceAsStream("/demo.yaml").readAllBytes(), StandardCharsets.UTF_8);
            RivuletConfig config = ConfigLoader.parse(yaml, "demo.yaml");
            if (statusPort != null) {
                config = config.withStatusPort(statusPort);
            } else if (!canListen(config.statusAddress(), config.statusPort())) {
                // A demo is a first look, not a service: a page on another port beats no demo at all.
                int free = freePort(config.statusAddress());
                out.println("Port " + config.statusPort() + " is in use; the demo's status page is on port " + free
                        + " instead (choose one with --port)");
                config = config.withStatusPort(free);
            }
            Path temporary = Path.of(System.getProperty("java.io.tmpdir"));
            List<Path> removed = removeLeftDemos(temporary);
            config = config.withStateDirectory(demoDirectory(temporary));
            out.println("Rivulet demo: " + ((SimulatorInput) config.sources().get("fleet")).buses()
                    + " simulated buses, state in " + config.stateDirectory() + "; Ctrl-C to stop");
            removed.forEach(left -> out.println("removed " + left + ", left by a demo that is no longer running"));
            Path state = config.stateDirectory();
            return serve(config, runFor, () -> deleteTree(state));
        } catch (ConfigException | IOException e) {
            err.println("rivulet: the demo could not start: " + e.getMessage());
            return FAILED;
        }
    }

    /**
     * Removes the state directories demos no longer running left in {@code temporary}: a demo deletes its own when it
     * ends, which a SIGKILL or a power cut does not let it do. Only this user's, and only those whose name holds the
     * id of no process there is now; a directory of a demo still running is kept.
     */
    private List<Path> removeLeftDemos(Path temporary) {
        String user = System.getProperty("user.name");
        List<Path> removed = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(temporary, DEMO_DIRECTORY + "*")) {
            for (Path entry : entries) {
                Matcher name = LEFT_DEMO.matcher(entry.getFileName().toString());
                if (name.matches() && Files.isDirectory(entry, LinkOption.NOFOLLOW_LINKS)
                        && user.equals(Files.getOwner(entry, LinkOption.NOFOLLOW_LINKS).getName())
                        && ProcessHandle.of(Long.parseLong(name.group(1))).isEmpty() && deleteTree(entry)) {
                    removed.add(entry);
                }
            }
        } catch (IOException | RuntimeException e) {
            // Nothing to tidy, or not allowed to: the demo runs all the same.
        }
        return removed;
    }

    /**
     * A new directory for the demo's state in {@code temporary}, private to this user ({@code rwx------}) as
     * {@code Files.createTempDirectory} makes one, but named by the process id and a counter where that draws from
     * {@code SecureRandom}, whose first use loads and sets up the JDK's security providers (some 90 classes, 1 MB of
     * the demo's resident memory).
     */
    static Path demoDirectory(Path temporary) throws IOException {
        FileAttribute<Set<PosixFilePermission>> owner = PosixFilePermissions.asFileAttribute(
                PosixFilePermissions.fromString("rwx------"));
        String prefix = DEMO_DIRECTORY + ProcessHandle.current().pid() + "-";
        for (int n = 0; ; n++) {
            try {
                return Files.createDirectory(temporary.resolve(prefix + n), owner);
            } catch (FileAlreadyExistsException e) {
                if (n == 999) {
                    throw e;
                }
            }
        }
    }

    /**
     * The demo, then the MQTT clients' classes loaded ({@link ClassArchiveTraining}): a JVM started with
     * {@code -XX:ArchiveClassesAtExit} then keeps the classes both an MQTT gateway and the demo load.
     */
    private int trainArchive(List<String> args) {
        if (help(args, "usage: rivulet train-archive [--seconds N]\n"
                + "  the demo for N seconds (default 3) without its status page, then the MQTT clients' classes\n"
                + "  loaded; install.sh runs it with -XX:ArchiveClassesAtExit to make the class archive")) {
            return OK;
        }
        String seconds = option(args, "--seconds", "3");
        noMore(args);
        int demo = demo(new ArrayList<>(List.of("--seconds", seconds, "--port", "0")));
        if (demo != OK) {
            return demo;
        }
        Path jar = ClassArchiveTraining.ownJar();
        if (jar == null) {
            err.println("rivulet: train-archive runs from the jar; here no class was loaded beyond the demo's");
            return FAILED;
        }
        try {
            ClassArchiveTraining.Loaded loaded = ClassArchiveTraining.load(jar, ClassArchiveTraining.MQTT_PACKAGES,
                    Main.class.getClassLoader());
            out.println("loaded " + loaded.classes() + " classes of the MQTT clients"
                    + (loaded.skipped() > 0 ? " (" + loaded.skipped() + " could not be loaded and are left out)" : ""));
            return OK;
        } catch (IOException e) {
            err.println("rivulet: could not read " + jar + ": " + e.getMessage());
            return FAILED;
        }
    }

    private int checkConfig(List<String> args) {
        if (help(args, "usage: rivulet check-config FILE\n  exit 0 when the configuration can run, 1 listing every problem")) {
            return OK;
        }
        if (args.size() != 1) {
            throw new UsageException("check-config takes one file");
        }
        try {
            RivuletConfig config = ConfigLoader.load(Path.of(args.get(0)));
            warnings(config).forEach(warning -> err.println("warning: " + warning));
            out.println(args.get(0) + ": ok (" + config.sources().size() + " sources, " + config.pipelines().size()
                    + " pipelines, " + config.alerts().size() + " alert rules, batches of "
                    + config.batchInterval().toMillis() + " ms)");
            return OK;
        } catch (ConfigException e) {
            err.println(e.getMessage());
            return FAILED;
        }
    }

    private int status(List<String> args) {
        if (help(args, "usage: rivulet status [--url URL]\n  the running gateway's health, numbers, buses and alerts")) {
            return OK;
        }
        String url = option(args, "--url", StatusClient.DEFAULT_URL);
        noMore(args);
        return StatusClient.run(url, out, err);
    }

    // ---------------------------------------------------------------- running

    /**
     * Runs a gateway until SIGTERM/Ctrl-C, or for {@code runFor} (a demo prints its table); {@code afterClose}
     * runs once it is closed, however the process ends (a demo's state goes).
     */
    private int serve(RivuletConfig config, Duration runFor, Runnable afterClose) {
        Logging.configure(logging(config));
        warnings(config).forEach(warning -> org.tinylog.Logger.warn(warning));
        boolean demo = runFor != null || config.gatewayId().equals("demo");
        Gateway gateway;
        try {
            gateway = Gateway.start(config, Pins::open);
        } catch (GatewayStartException e) {
            err.println("rivulet: the gateway could not start: " + e.getMessage());
            afterClose.run();
            return FAILED;
        } catch (IOException | RuntimeException | LinkageError e) {
            err.println("rivulet: the gateway could not start: " + e);
            afterClose.run();
            return FAILED;
        }
        CountDownLatch stop = new CountDownLatch(1);
        AtomicReference<Throwable> engineFailure = new AtomicReference<>();
        gateway.whenEngineFails(e -> {
            engineFailure.set(e);
            stop.countDown();
        });
        Thread hook = new Thread(() -> {
            SystemdNotify.stopping();
            stop.countDown();
            gateway.close();
            afterClose.run();
        }, "rivulet-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            awaitReady(gateway, stop);
            if (demo) {
                gateway.context().addListener(info -> {
                    if ((info.batchTime() / config.batchInterval().toMillis()) % 5 == 0) {
                        DemoTable.print(gateway.fleet(), out);
                    }
                });
            }
            if (runFor == null) {
                stop.await();
            } else if (!stop.await(runFor.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS)) {
                Runtime.getRuntime().removeShutdownHook(hook);
                gateway.close();
                afterClose.run();
                DemoTable.print(gateway.fleet(), out);
            }
            if (engineFailure.get() != null) {
                // A process that processes nothing must not look alive: exit so that systemd restarts it.
                err.println("rivulet: the streaming engine stopped (" + engineFailure.get() + "); exiting with status "
                        + FAILED + " so that the service manager restarts the gateway");
                return FAILED;
            }
            return OK;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return FAILED;
        }
    }

    /**
     * Tells systemd the gateway is ready once it is — a batch completed and every source connected and
     * subscribed, so a first start has created its broker sessions — or returns when it is stopping.
     */
    private static void awaitReady(Gateway gateway, CountDownLatch stop) throws InterruptedException {
        while (!stop.await(100, java.util.concurrent.TimeUnit.MILLISECONDS)) {
            if (gateway.metrics().batches() > 0 && gateway.sourcesNotReady().isEmpty()) {
                SystemdNotify.ready();
                Logger.info("ready: a batch completed and every source is connected and subscribed, {} ms after the"
                        + " JVM started", dev.rivulet.ops.ProcessUptime.millis());
                return;
            }
        }
    }

    /** Whether a server socket can be bound to {@code address:port} now. */
    private static boolean canListen(String address, int port) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(address, port));
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** A port free on {@code address} now. */
    private static int freePort(String address) throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName(address))) {
            return socket.getLocalPort();
        }
    }

    /** Deletes a folder and everything in it; what cannot be deleted is said once, never thrown, and gives false. */
    private boolean deleteTree(Path root) {
        if (!Files.exists(root)) {
            return true;
        }
        try (java.util.stream.Stream<Path> paths = Files.walk(root)) {
            for (Path path : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
            return true;
        } catch (IOException | RuntimeException e) {
            err.println("rivulet: could not delete the demo's state in " + root + ": " + e.getMessage());
            return false;
        }
    }

    /**
     * What the configuration may run with but should not: a key its pipeline's kind ignores, a secret file others
     * may read, an empty one.
     */
    private static List<String> warnings(RivuletConfig config) {
        List<String> warnings = new ArrayList<>(config.warnings());
        config.brokers().values().forEach(broker -> warnings.addAll(broker.warnings()));
        return warnings;
    }

    private static LoggingSettings logging(RivuletConfig config) {
        LoggingSettings settings = consoleLogging(config);
        return config.logFile() == null ? settings : settings.withFile(Path.of(config.logFile()));
    }

    /** The configuration's levels, on stderr only: a replay writes nothing into the live gateway's log file. */
    private static LoggingSettings consoleLogging(RivuletConfig config) {
        LoggingSettings settings = LoggingSettings.defaults().withLevel(config.logLevel());
        for (var level : config.logLevels().entrySet()) {
            settings = settings.withPackageLevel(level.getKey(), level.getValue());
        }
        return settings;
    }

    // ---------------------------------------------------------------- arguments

    private boolean help(List<String> args, String text) {
        if (args.contains("--help") || args.contains("-h")) {
            out.println(text);
            return true;
        }
        return false;
    }

    /** Takes {@code name VALUE} out of {@code args}. */
    private static String option(List<String> args, String name, String fallback) {
        int at = args.indexOf(name);
        if (at < 0) {
            return fallback;
        }
        if (at + 1 >= args.size()) {
            throw new UsageException(name + " needs a value");
        }
        String value = args.get(at + 1);
        args.subList(at, at + 2).clear();
        return value;
    }

    private static void noMore(List<String> args) {
        if (!args.isEmpty()) {
            throw new UsageException("unexpected argument '" + args.get(0) + "'");
        }
    }

    private static int parseInt(String name, String value, int min, int max) {
        try {
            int parsed = Integer.parseInt(value);
            if (parsed >= min && parsed <= max) {
                return parsed;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new UsageException(name + " takes a whole number from " + min + " to " + max + ", not '" + value + "'");
    }

    static String version() {
        return dev.rivulet.status.ProcessMetrics.version();
    }

    /** A mistake on the command line. */
    private static final class UsageException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        UsageException(String message) {
            super(message);
        }
    }
}
