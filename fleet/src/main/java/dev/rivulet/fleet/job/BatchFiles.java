package dev.rivulet.fleet.job;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;

/**
 * Exactly-once writes of a micro-batch, on any Hadoop file system. Spark runs a batch again after a crash with the
 * same id and the same data (its offsets and state are checkpointed before the batch runs), so each write is named
 * by the batch id and replaces what an earlier attempt of the same batch left:
 * <ul>
 * <li>a table (append-only, partitioned by {@code date}) gets files {@code date=D/batch-ID-N.parquet}: the batch is
 * written to {@code _staging/batch-ID}, the attempt's earlier files are deleted, the new ones renamed into place;
 * readers ignore {@code _staging} as Spark ignores any path starting with {@code _};</li>
 * <li>a view is a whole version {@code v-ID} (complete once it holds {@code _SUCCESS}), made from the newest
 * complete version before it; the two newest are kept.</li>
 * </ul>
 */
final class BatchFiles {

    private final FileSystem fs;
    private final Path output;

    BatchFiles(Configuration hadoop, String output) throws IOException {
        this.output = new Path(output);
        this.fs = this.output.getFileSystem(hadoop);
    }

    /** Appends {@code rows} to {@code table} as batch {@code batchId}, replacing an earlier attempt of that batch. */
    void append(String table, Dataset<Row> rows, long batchId) throws IOException {
        Path tableDir = new Path(output, table);
        Path staging = new Path(tableDir, "_staging/batch-" + batchId);
        fs.delete(staging, true);
        rows.write().mode(SaveMode.Overwrite).partitionBy("date").parquet(staging.toString());
        FileStatus[] earlier = fs.globStatus(new Path(tableDir, "date=*/batch-" + batchId + "-*.parquet"));
        for (FileStatus file : earlier == null ? new FileStatus[0] : earlier) {
            fs.delete(file.getPath(), false);
        }
        FileStatus[] dates = fs.globStatus(new Path(staging, "date=*"));
        for (FileStatus date : dates == null ? new FileStatus[0] : dates) {
            Path target = new Path(tableDir, date.getPath().getName());
            fs.mkdirs(target);
            int n = 0;
            FileStatus[] parts = fs.globStatus(new Path(date.getPath(), "part-*.parquet"));
            for (FileStatus part : parts == null ? new FileStatus[0] : parts) {
                Path to = new Path(target, "batch-" + batchId + "-" + n++ + ".parquet");
                if (!fs.rename(part.getPath(), to)) {
                    throw new IOException("could not move " + part.getPath() + " to " + to);
                }
            }
        }
        fs.delete(staging, true);
    }

    /** The newest complete version of {@code view} older than {@code batchId}, or null when there is none. */
    Path previousView(String view, long batchId) throws IOException {
        List<Long> versions = versions(view);
        Path previous = null;
        for (long version : versions) {
            if (version < batchId) {
                previous = viewVersion(view, version);
            }
        }
        return previous;
    }

    /** Writes version {@code batchId} of {@code view} and deletes all but the two newest complete versions. */
    void writeView(String view, Dataset<Row> rows, long batchId) throws IOException {
        rows.write().mode(SaveMode.Overwrite).parquet(viewVersion(view, batchId).toString());
        List<Long> versions = versions(view);
        for (int i = 0; i < versions.size() - 2; i++) {
            fs.delete(viewVersion(view, versions.get(i)), true);
        }
    }

    /** The complete versions of {@code view}, oldest first. */
    List<Long> versions(String view) throws IOException {
        FileStatus[] dirs = fs.globStatus(new Path(output, "views/" + view + "/v-*"));
        List<Long> versions = new ArrayList<>();
        for (FileStatus dir : dirs == null ? new FileStatus[0] : dirs) {
            if (fs.exists(new Path(dir.getPath(), "_SUCCESS"))) {
                versions.add(Long.parseLong(dir.getPath().getName().substring(2)));
            }
        }
        versions.sort(Comparator.naturalOrder());
        return versions;
    }

    Path viewVersion(String view, long version) {
        return new Path(output, "views/" + view + "/v-" + version);
    }

    /** The path of {@code view}'s newest complete version, for readers; null when none. */
    String currentView(String view) throws IOException {
        List<Long> versions = versions(view);
        return versions.isEmpty() ? null : viewVersion(view, versions.get(versions.size() - 1)).toString();
    }
}
