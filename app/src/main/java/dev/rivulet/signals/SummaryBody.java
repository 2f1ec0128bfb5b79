package dev.rivulet.signals;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;

/**
 * A pipeline's own part of one upstream summary (docs/SUMMARY.md), e.g. a bus-occupancy pipeline's {@code buses}
 * array: the gateway writes the envelope around it (schema, id, gateway, pipeline, period) and its health after it.
 */
@FunctionalInterface
public interface SummaryBody {

    /** Writes the pipeline's fields into the summary's object. */
    void write(JsonGenerator json) throws IOException;
}
