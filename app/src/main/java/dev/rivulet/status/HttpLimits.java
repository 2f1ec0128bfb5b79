package dev.rivulet.status;

import java.time.Duration;

/**
 * What the status endpoint spends at most, so that no client, slow or hostile, can take it from the others.
 *
 * @param connections  connections open at once; at the cap the oldest one still sending its request is closed
 *                     for the new one, so slow clients can never lock monitoring out
 * @param headBytes    the largest request head (431 beyond it)
 * @param readTimeout  how long a client may take to send its whole request head, from its connection (408 after)
 * @param writeTimeout how long a client may take to read its response before it is closed
 * @param workers      threads building responses; the selector thread never waits on one
 */
record HttpLimits(int connections, int headBytes, Duration readTimeout, Duration writeTimeout, int workers) {

    /**
     * The gateway's: 64 connections is more than a browser, Prometheus and systemd ever hold, and each costs at
     * most a 16 KiB buffer (1 MiB in all under the service's 48 MB heap); 16 KiB holds any browser's cookies for
     * the host; 10 s is generous on any link a Pi is reached by.
     */
    static final HttpLimits DEFAULTS = new HttpLimits(64, 16 * 1024, Duration.ofSeconds(10), Duration.ofSeconds(10), 2);

    /** Checks the limits are usable. */
    HttpLimits {
        if (connections < 1 || headBytes < 256 || workers < 1 || readTimeout.isNegative() || readTimeout.isZero()
                || writeTimeout.isNegative() || writeTimeout.isZero()) {
            throw new IllegalArgumentException("HTTP limits need at least 1 connection, 256 head bytes, 1 worker and"
                    + " time limits above zero, not " + connections + ", " + headBytes + ", " + workers + ", "
                    + readTimeout + ", " + writeTimeout);
        }
    }
}
