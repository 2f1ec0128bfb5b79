package dev.rivulet.fleet.testing;

import java.nio.file.Path;
import org.apache.spark.sql.SparkSession;

/** Spark in the test's JVM as {@code local[2]}: no UI, few shuffle partitions (the data is small), files under a folder. */
public final class LocalSpark {

    private LocalSpark() {
    }

    public static SparkSession start(Path directory) {
        return SparkSession.builder().master("local[2]").appName("rivulet-fleet-test")
                .config("spark.ui.enabled", "false")
                .config("spark.sql.shuffle.partitions", "4")
                .config("spark.sql.warehouse.dir", directory.resolve("warehouse").toString())
                .config("spark.local.dir", directory.resolve("spark-local").toString())
                .getOrCreate();
    }
}
