package dev.rivulet.checkpoint;

import dev.rivulet.storage.LoggedRecord;
import dev.rivulet.storage.Store;
import dev.rivulet.storage.StoredCheckpoint;
import dev.rivulet.streaming.EngineState;
import dev.rivulet.streaming.Recovery;
import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.TreeMap;
import org.tinylog.Logger;

/** Reads what a restart resumes from: the newest checkpoint and the records logged after it. */
public final class CheckpointRecovery {

    private CheckpointRecovery() {
    }

    /**
     * The recovery to hand the engine, or empty for a fresh start (no checkpoint and nothing logged).
     *
     * @param batchIntervalMillis used only when records were logged before any checkpoint was taken
     * @throws IOException if the checkpoint or the log cannot be decoded by this version
     */
    public static Optional<Recovery> load(Store store, RecordCodec codec, long batchIntervalMillis) throws IOException {
        Optional<StoredCheckpoint> latest = store.checkpoints().latest();
        long covered = latest.map(stored -> stored.checkpoint().logSequence()).orElse(0L);
        NavigableMap<Long, Map<String, List<Object>>> logged = new TreeMap<>();
        for (Map.Entry<Long, List<LoggedRecord>> batch : store.receiverLog().readAfterByBatchTime(covered).entrySet()) {
            Map<String, List<Object>> byReceiver = new LinkedHashMap<>();
            for (LoggedRecord record : batch.getValue()) {
                DataInputStream in = new DataInputStream(new ByteArrayInputStream(record.payload()));
                byReceiver.computeIfAbsent(in.readUTF(), name -> new ArrayList<>()).add(codec.read(in));
            }
            logged.put(batch.getKey(), byReceiver);
        }
        if (latest.isPresent()) {
            EngineState state = new EngineStateEncoding(codec).decode(latest.get().checkpoint().blobs());
            Logger.info("resuming from the checkpoint of batch {} ms ({} records logged after it)",
                    state.batchTime(), logged.values().stream().flatMap(m -> m.values().stream()).mapToInt(List::size).sum());
            return Optional.of(new Recovery(state, logged));
        }
        if (logged.isEmpty()) {
            return Optional.empty();
        }
        // Records were logged before the first checkpoint: the power failed during the first batch (the
        // Checkpointer checkpoints the first batch it completes), so the first logged batch is the first batch
        // and the zero time is one interval before it. Windows sliding by several batches are aligned on the
        // zero time: a guess one interval off would move, or break, every window of the run.
        long first = logged.firstKey();
        Logger.info("no checkpoint yet; replaying records logged from batch {} ms", first);
        long zero = first - batchIntervalMillis;
        EngineState empty = new EngineState(zero, batchIntervalMillis, zero, Map.of());
        return Optional.of(new Recovery(empty, logged));
    }
}
