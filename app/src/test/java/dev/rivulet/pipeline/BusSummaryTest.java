package dev.rivulet.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.rivulet.checkpoint.RecordCodec;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The summary rows and the ledger as typed records: folded, checkpointed, and read from format 2's lists and maps. */
class BusSummaryTest {

    private final RecordCodec codec = PipelineKinds.registerCodecs(new RecordCodec());

    private static BusSummary.Row row(long time, long occupancy, long in, long out) {
        return new BusSummary.Row(time, occupancy, 60, in, out, occupancy, 30, "FEW_SEATS_AVAILABLE", occupancy * 100 / 60,
                Map.of("negative-count", 2L), 1, 3);
    }

    @Test
    void aPeriodFoldsTheDoorsAndThePeakAndKeepsTheLatestOfTheRest() {
        BusSummary.Row folded = BusSummary.fold(row(2000, 40, 5, 1), row(1000, 45, 7, 2));
        assertEquals(new BusSummary.Row(2000, 40, 60, 12, 3, 45, 30, "FEW_SEATS_AVAILABLE", 66,
                Map.of("negative-count", 2L), 1, 3), folded);
    }

    /** A window begun before an update holds the rows as format 2 wrote them: lists read by position. */
    @Test
    void aRowSavedAsAListByFormatTwoFoldsWithANewOne() {
        List<Object> saved = List.of(1000L, 45L, 60L, 7L, 2L, 45L, 30L, "FEW_SEATS_AVAILABLE", 75L,
                Map.of("negative-count", 2L), 1L, 3L);
        BusSummary.Row folded = BusSummary.fold(saved, row(2000, 40, 5, 1));
        assertEquals(12, folded.boardings());
        assertEquals(45, folded.peak());
        assertEquals(2000, folded.batchTime());
    }

    @Test
    void rowsAndLedgersGoThroughTheCheckpointCodec() throws IOException {
        BusLedger.Ledger ledger = new BusLedger.Ledger(41, 120, 3, 14, 23, 5, 125_000, 4, 2, 3,
                Map.of("negative-count", 2L, "event-over-crush-load", 1L));
        assertEquals(ledger, roundTrip(ledger));
        assertEquals(row(2000, 40, 5, 1), roundTrip(row(2000, 40, 5, 1)));
    }

    /** A ledger format 2 saved as a map of names goes on as the same ledger. */
    @Test
    void aLedgerSavedAsAMapByFormatTwoIsUpgraded() {
        Map<String, Long> saved = Map.of("occupancy", 41L, "readings", 120L, "corrections", 14L,
                "faultSharePpm", 125_000L, "rejected:negative-count", 2L);
        BusLedger.Ledger ledger = BusLedger.Ledger.upgrade(saved);
        assertEquals(41, ledger.occupancy());
        assertEquals(14, ledger.corrections());
        assertEquals(0.125, ledger.faultShare());
        assertEquals(Map.of("negative-count", 2L), ledger.rejected());
    }

    private Object roundTrip(Object value) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        codec.write(value, new DataOutputStream(bytes));
        return codec.read(new DataInputStream(new ByteArrayInputStream(bytes.toByteArray())));
    }
}
