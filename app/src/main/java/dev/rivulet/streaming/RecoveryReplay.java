package dev.rivulet.streaming;

import java.util.List;
import java.util.Map;
import org.tinylog.Logger;

/**
 * Resuming from a checkpoint: the saved state goes back into the graph, then every batch after it runs again on the
 * caller's thread — the logged ones with their records, the ones missed while stopped empty — up to the batch
 * before the next boundary at the wall time of the restart.
 *
 * <pre>
 *   saved ──► logged batches (replayed records) ──► missed batches (empty) ──► last   | live batches follow
 * </pre>
 *
 * Every replayed batch but the last is catching up: no checkpoint is taken for it, since the next one covers it.
 */
final class RecoveryReplay {

    /** Runs one batch; {@code catchingUp} while later replayed batches follow it. */
    interface BatchRunner {
        void run(IngestQueue.Boundary boundary, boolean catchingUp);
    }

    private RecoveryReplay() {
    }

    /** Restores {@code recovery} into {@code graph} and replays; returns the last batch time run. */
    static long replay(Recovery recovery, DStreamGraph graph, IngestQueue ingest, long intervalMillis, long wall,
                       long now, BatchRunner runner) {
        EngineState saved = recovery.state();
        long zero = saved.zeroTime();
        graph.start(zero, intervalMillis);
        graph.restore(saved);
        long lastLogged = recovery.logged().isEmpty() ? saved.batchTime() : recovery.logged().lastKey();
        long missedUntil = zero + Math.floorDiv(wall - zero, intervalMillis) * intervalMillis;
        long last = Math.max(saved.batchTime(), Math.max(lastLogged, missedUntil));
        long batches = (last - saved.batchTime()) / intervalMillis;
        if (batches > 0) {
            Logger.info("resuming after batch {} ms: replaying {} logged batches, {} batches in all up to {} ms",
                    saved.batchTime(), recovery.logged().tailMap(saved.batchTime(), false).size(), batches, last);
        }
        for (long time = saved.batchTime() + intervalMillis; time <= last; time += intervalMillis) {
            if ((time - zero) % intervalMillis != 0) {
                throw new IllegalStateException("logged batch " + time + " ms is not on this pipeline's batch grid");
            }
            Map<String, List<Object>> records = recovery.logged().getOrDefault(time, Map.of());
            for (Map.Entry<String, List<Object>> entry : records.entrySet()) {
                ReceiverInputDStream<?> stream = ingest.receiver(entry.getKey());
                if (stream == null) {
                    Logger.warn("{} logged records of receiver '{}' for batch {} ms are left out:"
                            + " the pipeline has no such receiver now", entry.getValue().size(), entry.getKey(), time);
                    continue;
                }
                stream.replay(entry.getValue());
                graph.countInput(entry.getValue().size());
            }
            runner.run(new IngestQueue.Boundary(time, now), time + intervalMillis <= last);
        }
        return last;
    }
}
