package dev.rivulet.cli;

import dev.rivulet.gateway.LiveFleet;
import dev.rivulet.status.FleetStatus;
import java.io.PrintStream;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;

/** The demo's live view: occupancy per bus as a table with a bar, and the open alerts. */
final class DemoTable {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss").withZone(ZoneOffset.UTC);

    private DemoTable() {
    }

    static void print(LiveFleet fleet, PrintStream out) {
        List<FleetStatus.Bus> buses = fleet.buses();
        StringBuilder text = new StringBuilder(1024);
        text.append("\nbatch ").append(TIME.format(Instant.ofEpochMilli(fleet.batchTime()))).append(" UTC\n");
        text.append(String.format("%-12s %9s  %-27s %-26s %8s %s%n", "bus", "on board", "load", "level", "rejected",
                "corrected"));
        for (FleetStatus.Bus bus : buses) {
            int filled = (int) Math.round(Math.min(1.0, bus.load()) * 20);
            text.append(String.format("%-12s %4d/%-4d  %s%s %4.0f%%  %-26s %8d %d%n", bus.id(), bus.occupancy(),
                    bus.capacity(), "#".repeat(filled), ".".repeat(20 - filled), bus.load() * 100, bus.level(),
                    bus.rejectedTotal(), bus.correctedPassengers()));
        }
        var alerts = fleet.openAlerts();
        text.append(alerts.isEmpty() ? "no open alerts\n" : "open alerts: ");
        for (int i = 0; i < alerts.size(); i++) {
            text.append(i == 0 ? "" : ", ").append(alerts.get(i).key()).append(" (").append(alerts.get(i).detail()).append(')');
        }
        if (!alerts.isEmpty()) {
            text.append('\n');
        }
        out.print(text);
        out.flush();
    }
}
