package dev.rivulet.storage.sqlite;

import dev.rivulet.storage.OutboxMessage;
import dev.rivulet.storage.StoreConfig;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;

/**
 * The child process of {@link SqliteStoreCrashTest}: recovers from the store, then runs the
 * {@link CrashWorkload} up to a number of blocks, printing each step only after it committed. The test kills it
 * with SIGKILL at random points.
 *
 * <p>Arguments: the state directory and the number of blocks to reach.
 */
public final class CrashWorker {

    private CrashWorker() {
    }

    /** Runs the workload; prints {@code appended B}, {@code committed B}, {@code delivered ID}, then {@code done}. */
    public static void main(String[] args) {
        Path stateDirectory = Path.of(args[0]);
        long totalBlocks = Long.parseLong(args[1]);
        try (SqliteStore store = SqliteStore.open(StoreConfig.defaults(stateDirectory), Clock.systemUTC())) {
            CrashWorkload.State state = CrashWorkload.recover(store);
            System.out.println("recovered " + state.nextBlock());
            long lastBlock = state.nextBlock() - 1;
            if (lastBlock >= 0 && CrashWorkload.endsBatch(lastBlock) && !checkpointed(store, state)) {
                // Killed between a batch's last block and its checkpoint: the replay completed the batch, so
                // finish it as the engine would, producing its outputs (their ids make repeats harmless).
                store.checkpoints().commit(CrashWorkload.checkpoint(lastBlock, store.receiverLog().lastSequence(),
                        state), CrashWorkload.outputs(lastBlock));
                System.out.println("committed " + lastBlock);
            }
            for (long block = state.nextBlock(); block < totalBlocks; block++) {
                long last = store.receiverLog().append(CrashWorkload.block(block));
                for (int record = 0; record < CrashWorkload.blockSize(block); record++) {
                    state = state.add(block, record);
                }
                System.out.println("appended " + block);
                if (CrashWorkload.endsBatch(block)) {
                    store.checkpoints().commit(CrashWorkload.checkpoint(block, last, state),
                            CrashWorkload.outputs(block));
                    System.out.println("committed " + block);
                    deliverOldest(store);
                }
            }
            while (store.outbox().depth() > 0) {
                deliverOldest(store);
            }
        }
        System.out.println("done");
    }

    private static boolean checkpointed(SqliteStore store, CrashWorkload.State state) {
        return store.checkpoints().latest()
                .map(stored -> stored.checkpoint().logSequence() == state.records())
                .orElse(false);
    }

    /** Plays the uplink: one message published per batch, so a backlog builds up and drains at the end. */
    private static void deliverOldest(SqliteStore store) {
        List<OutboxMessage> oldest = store.outbox().pending(1);
        if (!oldest.isEmpty() && store.outbox().markDelivered(oldest.get(0).id())) {
            System.out.println("delivered " + oldest.get(0).id());
        }
    }
}
