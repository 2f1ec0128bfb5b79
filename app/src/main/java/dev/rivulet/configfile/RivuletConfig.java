package dev.rivulet.configfile;

import dev.rivulet.alerts.AlertKind;
import dev.rivulet.archive.ArchiveSettings;
import dev.rivulet.broker.BrokerSettings;
import dev.rivulet.outputs.OutputKind;
import dev.rivulet.pipeline.PipelineKind;
import dev.rivulet.sources.SourceKind;
import dev.rivulet.storage.SyncMode;
import dev.rivulet.upstream.UpstreamSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * A whole configuration file, read and checked. The sample {@code rivulet.yaml} shipped with Rivulet
 * shows every key with its default.
 *
 * @param gatewayId        {@code gateway.id}: this gateway's name in alerts and summaries (default {@code rivulet})
 * @param batchInterval    {@code batch.interval}: the micro-batch interval (default 1s; at least 10ms)
 * @param stateDirectory   {@code storage.directory}: where the SQLite database lives (default /var/lib/rivulet)
 * @param synchronous      {@code storage.synchronous}: full (default: nothing acknowledged is lost at a power
 *                         cut) or normal (faster; the last transactions may be lost)
 * @param checkpointEvery  {@code storage.checkpoint-every}: checkpoint every N batches (default 1)
 * @param checkpointsKept  {@code storage.checkpoints-retained}: checkpoints kept (default 3)
 * @param outboxMax        {@code storage.outbox-max-messages}: messages held while upstream is down; beyond it
 *                         the oldest are dropped and counted (default {@link dev.rivulet.storage.StoreConfig#outboxMaxMessages()})
 * @param maxMegabytes     {@code storage.max-megabytes}: the database's size limit (default 0: only the disk's);
 *                         when reached, checkpoints fail, an alert is raised and processing goes on in memory
 * @param logMaxMegabytes  {@code storage.log-max-megabytes}: readings the receiver log holds that no checkpoint
 *                         covers yet; when reached the gateway stops taking readings (default
 *                         {@link dev.rivulet.storage.StoreConfig#logMaxBytes()}, 64 MiB)
 * @param statusAddress    {@code status.address}: the status page's address (default 127.0.0.1: this device only)
 * @param statusPort       {@code status.port}: its port (default 9780; 0 turns it off)
 * @param statusAllowedHosts {@code status.allowed-hosts}: Host names the page answers to besides the machine's own
 * @param logLevel         {@code logging.level}: trace, debug, info (default), warn or error
 * @param logLevels        {@code logging.levels}: level per package, e.g. {@code org.eclipse.paho: warn}
 * @param logFile          {@code logging.file}: also write a rolling log file here (default: console only)
 * @param archive          {@code storage.archive}: the input archive ({@link ArchiveSettings}; default off)
 * @param warnings         what the file may run with but should not (e.g. a key its pipeline's kind ignores):
 *                         {@code check-config} prints them, the gateway logs them at start
 */
public record RivuletConfig(String gatewayId, Duration batchInterval, Path stateDirectory, SyncMode synchronous,
                            int checkpointEvery, int checkpointsKept, int outboxMax, double maxMegabytes,
                            double logMaxMegabytes, String statusAddress,
                            int statusPort, List<String> statusAllowedHosts, String logLevel, Map<String, String> logLevels, String logFile,
                            Map<String, BrokerSettings> brokers, Map<String, SourceKind> sources,
                            Map<String, PipelineKind> pipelines, Map<String, AlertKind> alerts,
                            Map<String, OutputKind> outputs, UpstreamSettings upstream, ArchiveSettings archive,
                            List<String> warnings) {

    /** Copies the warnings. */
    public RivuletConfig {
        warnings = List.copyOf(warnings);
        statusAllowedHosts = List.copyOf(statusAllowedHosts);
    }

    /** Same configuration with another state directory (the demo uses a temporary one). */
    public RivuletConfig withStateDirectory(Path directory) {
        return new RivuletConfig(gatewayId, batchInterval, directory, synchronous, checkpointEvery, checkpointsKept,
                outboxMax, maxMegabytes, logMaxMegabytes, statusAddress, statusPort, statusAllowedHosts, logLevel, logLevels, logFile, brokers, sources, pipelines, alerts,
                outputs, upstream, archive, warnings);
    }

    /** Same configuration with these warnings after its own (about the file it was read from). */
    public RivuletConfig withMoreWarnings(List<String> more) {
        List<String> all = new java.util.ArrayList<>(warnings);
        all.addAll(more);
        return new RivuletConfig(gatewayId, batchInterval, stateDirectory, synchronous, checkpointEvery,
                checkpointsKept, outboxMax, maxMegabytes, logMaxMegabytes, statusAddress, statusPort, statusAllowedHosts,
                logLevel, logLevels, logFile, brokers, sources, pipelines, alerts, outputs, upstream, archive, all);
    }

    /** Same configuration with another status port (0: off). */
    public RivuletConfig withStatusPort(int port) {
        return new RivuletConfig(gatewayId, batchInterval, stateDirectory, synchronous, checkpointEvery,
                checkpointsKept, outboxMax, maxMegabytes, logMaxMegabytes, statusAddress, port, statusAllowedHosts, logLevel, logLevels, logFile, brokers, sources,
                pipelines, alerts, outputs, upstream, archive, warnings);
    }
}
