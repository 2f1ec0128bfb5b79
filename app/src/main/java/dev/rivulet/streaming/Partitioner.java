package dev.rivulet.streaming;

/**
 * Spark's {@code Partitioner}, for source compatibility: operators that take one accept it and change nothing,
 * because in one process a batch is one partition.
 */
public interface Partitioner {

    /** How many partitions Spark would cut a batch into. */
    int numPartitions();

    /** Spark's {@code HashPartitioner}. */
    static Partitioner hash(int numPartitions) {
        checkCount(numPartitions);
        return () -> numPartitions;
    }

    /** Spark's check on a partition count. */
    static void checkCount(int numPartitions) {
        if (numPartitions < 1) {
            throw new IllegalArgumentException("number of partitions must be at least 1, was " + numPartitions
                    + " (it changes nothing in one process; 1 will do)");
        }
    }
}
