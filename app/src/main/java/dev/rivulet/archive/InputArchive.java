package dev.rivulet.archive;

import dev.rivulet.checkpoint.ArrivedMessages;
import dev.rivulet.checkpoint.RecordCodec;
import dev.rivulet.sensors.recording.RecordedMessage;
import dev.rivulet.sensors.recording.RecordingWriter;
import dev.rivulet.storage.ArchivePosition;
import dev.rivulet.storage.LoggedRecord;
import dev.rivulet.storage.PruneArchive;
import dev.rivulet.storage.ReceiverLog;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.zip.GZIPOutputStream;
import org.tinylog.Logger;

/**
 * The readings the gateway accepted, as the MQTT messages they arrived in, kept in compressed daily files
 * ({@code storage.archive}): written from the receiver log's records when a checkpoint prunes them, one gzip member
 * per prune appended and flushed to the disk before the prune commits — no write per message.
 *
 * <p>Each line is a recording line ({@link dev.rivulet.sensors.recording}) with the batch the reading was in live
 * and its log sequence: {@code {"time":..,"topic":..,"payload":..,"batch":..,"seq":..}}. The file a member goes to
 * is named by the UTC day of its first message ({@code 2026-12-05.jsonl.gz}). Where the archive stood is committed
 * with each prune ({@link ArchivePosition}: the file's day and length); at start, what lies past it — a member
 * written by a prune a power cut kept from committing, whose records are still in the log — is cut off, and the
 * next prune writes those records again, once.
 *
 * <p>Bounds: files whose day is more than {@code max-days} before the newest message archived, then the oldest
 * files while all of them take more than {@code max-megabytes}, are deleted, oldest first; the file being
 * written is never deleted. Age is measured against the archived messages' own times, not the wall clock, so a
 * Pi setting its clock after boot deletes nothing early.
 *
 * <p>A member that cannot be written (a full disk) is cut off again, said once in the log until a member is
 * written again, and counted; its records are pruned all the same: the archive is a record, and must not stop
 * the gateway from taking readings.
 */
public final class InputArchive implements PruneArchive {

    /** The files' suffix after the day. */
    static final String SUFFIX = ".jsonl.gz";

    private final Path directory;
    private final ArchiveSettings settings;
    private final RecordCodec codec;
    private final AtomicLong bytes = new AtomicLong();
    private final AtomicLong messages = new AtomicLong();
    private final AtomicLong writeFailures = new AtomicLong();
    private boolean failing;

    private InputArchive(Path directory, ArchiveSettings settings, RecordCodec codec) {
        this.directory = directory;
        this.settings = settings;
        this.codec = codec;
    }

    /**
     * Opens the archive in {@code directory} (created, private, if missing), cuts off what lies past the position
     * the log committed, and has the log archive every record it prunes from now on.
     */
    public static InputArchive open(Path directory, ArchiveSettings settings, RecordCodec codec, ReceiverLog log)
            throws IOException {
        InputArchive archive = new InputArchive(directory, settings, codec);
        archive.reconcile(log.archivePosition());
        log.archivePrunedTo(archive);
        return archive;
    }

    private void reconcile(ArchivePosition committed) throws IOException {
        Files.createDirectories(directory);
        if (committed.file() != 0) {
            for (Path file : files()) {
                long day = day(file);
                if (day > committed.file()) {
                    Logger.info("Archive: {} was written by a prune that did not commit; its readings are still in"
                            + " the receiver log and are archived again", file);
                    Files.delete(file);
                } else if (day == committed.file() && Files.size(file) > committed.length()) {
                    Logger.info("Archive: the end of {} ({} bytes past {}) was written by a prune that did not commit;"
                            + " cut off, its readings are archived again", file, Files.size(file) - committed.length(),
                            committed.length());
                    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
                        channel.truncate(committed.length());
                        channel.force(true);
                    }
                }
            }
        }
        bytes.set(totalBytes());
    }

    @Override
    public ArchivePosition archive(List<LoggedRecord> records, ArchivePosition committed) {
        List<RecordedMessage> arrived = arrivedMessages(records);
        if (arrived.isEmpty()) {
            return committed;
        }
        long day = Math.floorDiv(arrived.get(0).time(), 86_400_000L);
        Path file = directory.resolve(name(day));
        long before = -1;
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
            before = channel.size();
            ByteBuffer member = ByteBuffer.wrap(member(arrived));
            channel.position(before);
            while (member.hasRemaining()) {
                channel.write(member);
            }
            channel.force(true);
            if (before == 0) {
                forceDirectory();
            }
            ArchivePosition now = new ArchivePosition(day, channel.size());
            messages.addAndGet(arrived.size());
            if (failing) {
                failing = false;
                Logger.info("Archive: writing again ({})", file);
            }
            applyBounds(day, file);
            bytes.set(totalBytes());
            return now;
        } catch (IOException e) {
            writeFailures.incrementAndGet();
            cutBack(file, before);
            if (!failing) {
                failing = true;
                Logger.error("Archive: could not append {} readings to {} ({}); they are pruned from the receiver log"
                        + " without being archived, and so are later ones until a write works again"
                        + " (rivulet_archive_write_failures_total). Free space on the disk or lower"
                        + " storage.archive.max-megabytes", arrived.size(), file, e.toString());
            }
            return committed;
        }
    }

    /** The messages the records carry, with their batch and sequence; records without one are not archived. */
    private List<RecordedMessage> arrivedMessages(List<LoggedRecord> records) {
        List<RecordedMessage> arrived = new ArrayList<>(records.size());
        for (LoggedRecord record : records) {
            DataInputStream in = new DataInputStream(new ByteArrayInputStream(record.payload()));
            try {
                in.readUTF();
                codec.read(in);
                RecordedMessage message = ArrivedMessages.read(in, record.batchTime(), record.sequence());
                if (message != null) {
                    arrived.add(message);
                }
            } catch (IOException e) {
                throw new UncheckedIOException("receiver-log record " + record.sequence() + " cannot be read for the"
                        + " archive: " + e.getMessage(), e);
            }
        }
        return arrived;
    }

    /** One gzip member holding {@code arrived}, a line each. */
    private static byte[] member(List<RecordedMessage> arrived) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream(arrived.size() * 40);
        try (RecordingWriter writer = new RecordingWriter(new GZIPOutputStream(out, 8192))) {
            for (RecordedMessage message : arrived) {
                writer.write(message);
            }
        }
        return out.toByteArray();
    }

    /** Deletes files past the age bound, then the oldest while past the size bound; never {@code current}. */
    private void applyBounds(long newestDay, Path current) throws IOException {
        List<Path> files = files();
        long total = 0;
        for (Path file : files) {
            total += Files.size(file);
        }
        long maxBytes = settings.maxBytes();
        for (Path file : files) {
            boolean tooOld = day(file) < newestDay - settings.maxDays();
            if (file.equals(current) || (!tooOld && total <= maxBytes)) {
                continue;
            }
            long size = Files.size(file);
            Files.delete(file);
            total -= size;
            Logger.info("Archive: deleted {} ({} bytes): {}", file, size, tooOld
                    ? "older than storage.archive.max-days = " + settings.maxDays()
                    : "the archive was over storage.archive.max-megabytes");
        }
    }

    /** Puts the back end of a failed append off again, so the file ends at its last whole member. */
    private static void cutBack(Path file, long length) {
        if (length < 0) {
            return;
        }
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
            channel.truncate(length);
            channel.force(true);
        } catch (IOException e) {
            Logger.warn("Archive: could not cut {} back to {} bytes after a failed write ({}); replay reads it up to"
                    + " the broken member", file, length, e.toString());
        }
    }

    /** A new file's name is durable only once its directory is flushed. */
    private void forceDirectory() {
        try (FileChannel channel = FileChannel.open(directory, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException e) {
            // Some file systems cannot open a directory for flushing; the file's own data is flushed all the same.
            Logger.debug("Archive: could not flush directory {}: {}", directory, e.toString());
        }
    }

    /** The archive's files, oldest first. */
    List<Path> files() throws IOException {
        try (var listing = Files.list(directory)) {
            return listing.filter(InputArchive::isArchiveFile).sorted().toList();
        }
    }

    private long totalBytes() throws IOException {
        long total = 0;
        for (Path file : files()) {
            total += Files.size(file);
        }
        return total;
    }

    /** Whether {@code file} is one of the archive's daily files, by its name. */
    public static boolean isArchiveFile(Path file) {
        return file.getFileName().toString().matches("\\d{4}-\\d{2}-\\d{2}\\.jsonl\\.gz");
    }

    static String name(long epochDay) {
        return LocalDate.ofEpochDay(epochDay) + SUFFIX;
    }

    private static long day(Path file) {
        String name = file.getFileName().toString();
        return LocalDate.parse(name.substring(0, name.length() - SUFFIX.length())).toEpochDay();
    }

    /** Says which batch grid the readings archived from now on are on ({@link ArchiveGrid}). */
    public void recordGrid(long zeroTime, long intervalMillis) throws IOException {
        new ArchiveGrid(zeroTime, intervalMillis).write(directory);
    }

    /** The bytes the archive's files take on disk now. */
    public long bytes() {
        return bytes.get();
    }

    /** Messages archived since start. */
    public long messagesArchived() {
        return messages.get();
    }

    /** Members that could not be written since start. */
    public long writeFailures() {
        return writeFailures.get();
    }
}
