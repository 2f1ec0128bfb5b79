package dev.rivulet.storage.sqlite;

import static java.nio.charset.StandardCharsets.UTF_8;

import dev.rivulet.storage.Checkpoint;
import dev.rivulet.storage.LogRecord;
import dev.rivulet.storage.LoggedRecord;
import dev.rivulet.storage.OutboxMessage;
import dev.rivulet.storage.Store;
import dev.rivulet.storage.StoredCheckpoint;
import dev.rivulet.storage.codec.Codec;
import dev.rivulet.storage.codec.Codecs;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The deterministic workload of the crash test, shared by the child that runs it and the test that checks it.
 *
 * <p>Block {@code b} holds {@code 1 + 7b mod 5} records; record {@code r} of it is the pair {@code (b, r)} and
 * is worth {@code 31b + r + 1}. Three blocks make a batch; after the last block of a batch a checkpoint is
 * committed with the running state and a summary message (and, every other batch, an alert).
 */
final class CrashWorkload {

    static final int BLOCKS_PER_BATCH = 3;
    private static final Codec<Map.Entry<Long, Integer>> RECORD = Codecs.entryOf(Codecs.LONG, Codecs.INT);
    private static final Codec<Map<String, Long>> STATE = Codecs.mapOf(Codecs.STRING, Codecs.LONG);

    private CrashWorkload() {
    }

    /** One logged record: the {@code index}th of block {@code block}. */
    record BlockRecord(long block, int index) {
    }

    /** The running state: how many records, their total worth, and the next block to append. */
    record State(long records, long worth, long nextBlock) {

        static final State EMPTY = new State(0, 0, 0);

        State add(long block, int record) {
            return new State(records + 1, worth + CrashWorkload.worth(block, record), block + 1);
        }

        byte[] encode() {
            Map<String, Long> fields = new LinkedHashMap<>();
            fields.put("records", records);
            fields.put("worth", worth);
            fields.put("nextBlock", nextBlock);
            return STATE.encode(fields);
        }

        static State decode(byte[] bytes) {
            Map<String, Long> fields = STATE.decode(bytes);
            return new State(fields.get("records"), fields.get("worth"), fields.get("nextBlock"));
        }

        /** The state after blocks {@code 0 .. blocks - 1}, each exactly once. */
        static State expectedAfter(long blocks) {
            State state = EMPTY;
            for (long block = 0; block < blocks; block++) {
                for (int record = 0; record < blockSize(block); record++) {
                    state = state.add(block, record);
                }
            }
            return state;
        }
    }

    static int blockSize(long block) {
        return 1 + (int) (block * 7 % 5);
    }

    static long worth(long block, int record) {
        return 31 * block + record + 1;
    }

    static long batchTime(long block) {
        return block / BLOCKS_PER_BATCH * 1000;
    }

    static boolean endsBatch(long block) {
        return block % BLOCKS_PER_BATCH == BLOCKS_PER_BATCH - 1;
    }

    static List<LogRecord> block(long block) {
        List<LogRecord> records = new ArrayList<>();
        for (int record = 0; record < blockSize(block); record++) {
            records.add(new LogRecord(batchTime(block), RECORD.encode(Map.entry(block, record))));
        }
        return records;
    }

    static BlockRecord decodeRecord(LoggedRecord record) {
        Map.Entry<Long, Integer> decoded = RECORD.decode(record.payload());
        return new BlockRecord(decoded.getKey(), decoded.getValue());
    }

    /** The outbox messages produced by the batch that ends with {@code block}. */
    static List<OutboxMessage> outputs(long block) {
        List<OutboxMessage> messages = new ArrayList<>();
        messages.add(new OutboxMessage("summary-" + block, "up/summary", ("summary " + block).getBytes(UTF_8), 1,
                false));
        if (block / BLOCKS_PER_BATCH % 2 == 1) {
            messages.add(new OutboxMessage("alert-" + block, "up/alert", ("alert " + block).getBytes(UTF_8), 1, false));
        }
        return messages;
    }

    static Checkpoint checkpoint(long block, long logSequence, State state) {
        return Checkpoint.of(batchTime(block), logSequence, Map.of("state", state.encode()));
    }

    /** Recovery as the engine does it: the latest readable checkpoint plus a replay of the log after it. */
    static State recover(Store store) {
        Optional<StoredCheckpoint> latest = store.checkpoints().latest();
        State state = latest.map(stored -> State.decode(stored.checkpoint().blobs().get("state"))).orElse(State.EMPTY);
        long after = latest.map(stored -> stored.checkpoint().logSequence()).orElse(0L);
        for (LoggedRecord record : store.receiverLog().readAfter(after)) {
            BlockRecord decoded = decodeRecord(record);
            state = state.add(decoded.block(), decoded.index());
        }
        return state;
    }
}
