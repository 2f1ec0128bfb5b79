package dev.rivulet.checkpoint;

import dev.rivulet.streaming.EngineState;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;

/**
 * An {@link EngineState} as checkpoint blobs: one {@code engine} blob, one {@code stream/ID} blob per
 * stream that remembers batches, so a big state is not one giant array.
 *
 * <pre>
 *  engine       int format (5), long zero time, long interval ms, long batch time,
 *               boolean has fingerprint, then the fingerprint (UTF)      (format 1 ends after the batch time)
 *  stream/ID    int batches, then per batch: long batch time, int records, records (RecordCodec)
 * </pre>
 *
 * Format 3 holds the pipelines' state as typed records (RecordCodec tags 17 and 18: the bus ledger, the summary
 * rows) where format 2 held maps and lists read by name and position; the layout of the blobs is the same. Format 4
 * writes a string that a stream's blob already holds as its index (RecordCodec tag 21, {@link RecordCodec#forOneBlob}):
 * the stops and buses named in every remembered batch cost their bytes once per blob. Format 5 has format 4's layout; its
 * streams are named in their pipeline's or alert rule's scope ({@code stream/pipelines.NAME/updateStateByKey:…}), which
 * a release reading up to 4 would not find: it would start every pipeline empty, so it refuses format 5 with a message
 * instead. This version reads 1 to 5 (the pipelines upgrade the maps and lists they find, the engine the names); a
 * release that reads only up to 3 refuses a format 4 checkpoint with a message, instead of failing on a tag it does
 * not know.
 */
public final class EngineStateEncoding {

    static final String ENGINE = "engine";
    static final String STREAM_PREFIX = "stream/";
    private static final int FORMAT = 5;

    private final RecordCodec codec;

    public EngineStateEncoding(RecordCodec codec) {
        this.codec = codec;
    }

    /** The blobs of one checkpoint. */
    public Map<String, byte[]> encode(EngineState state) {
        Map<String, byte[]> blobs = new LinkedHashMap<>();
        blobs.put(ENGINE, bytes(out -> {
            out.writeInt(FORMAT);
            out.writeLong(state.zeroTime());
            out.writeLong(state.intervalMillis());
            out.writeLong(state.batchTime());
            out.writeBoolean(state.fingerprint() != null);
            if (state.fingerprint() != null) {
                out.writeUTF(state.fingerprint());
            }
        }));
        for (Map.Entry<String, NavigableMap<Long, List<?>>> stream : state.streams().entrySet()) {
            RecordCodec blobCodec = codec.forOneBlob();
            blobs.put(STREAM_PREFIX + stream.getKey(), bytes(out -> {
                out.writeInt(stream.getValue().size());
                for (Map.Entry<Long, List<?>> batch : stream.getValue().entrySet()) {
                    out.writeLong(batch.getKey());
                    out.writeInt(batch.getValue().size());
                    for (Object record : batch.getValue()) {
                        blobCodec.write(record, out);
                    }
                }
            }));
        }
        return blobs;
    }

    /**
     * Reads blobs back.
     *
     * @throws IOException if a blob is not in this format
     */
    public EngineState decode(Map<String, byte[]> blobs) throws IOException {
        byte[] engine = blobs.get(ENGINE);
        if (engine == null) {
            throw new IOException("the checkpoint has no '" + ENGINE + "' blob");
        }
        DataInputStream header = new DataInputStream(new ByteArrayInputStream(engine));
        int format = header.readInt();
        if (format < 1 || format > FORMAT) {
            throw new IOException("checkpoint format " + format + " is not readable by this version (reads 1 to "
                    + FORMAT + "): it was written by a newer Rivulet; run that version again");
        }
        long zero = header.readLong();
        long interval = header.readLong();
        long batchTime = header.readLong();
        String fingerprint = format >= 2 && header.readBoolean() ? header.readUTF() : null;
        Map<String, NavigableMap<Long, List<?>>> streams = new LinkedHashMap<>();
        for (Map.Entry<String, byte[]> blob : blobs.entrySet()) {
            if (!blob.getKey().startsWith(STREAM_PREFIX)) {
                continue;
            }
            DataInputStream in = new DataInputStream(new ByteArrayInputStream(blob.getValue()));
            NavigableMap<Long, List<?>> batches = new TreeMap<>();
            RecordCodec blobCodec = codec.forOneBlob();
            int count = in.readInt();
            for (int b = 0; b < count; b++) {
                long time = in.readLong();
                int size = in.readInt();
                List<Object> records = new ArrayList<>(size);
                for (int r = 0; r < size; r++) {
                    records.add(blobCodec.read(in));
                }
                batches.put(time, records);
            }
            streams.put(blob.getKey().substring(STREAM_PREFIX.length()), batches);
        }
        return new EngineState(zero, interval, batchTime, fingerprint, streams);
    }

    private interface Body {
        void write(DataOutputStream out) throws IOException;
    }

    private static byte[] bytes(Body body) {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream(256);
        try (DataOutputStream out = new DataOutputStream(buffer)) {
            body.write(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return buffer.toByteArray();
    }
}
