package dev.rivulet.sensors;

/** A pin driving an LED or a buzzer for alerts. */
public interface DigitalOutput extends AutoCloseable {
    /** Steady on; stops any blinking. */
    void on();

    /** Steady off; stops any blinking. */
    void off();

    /** Repeats on for {@code onMillis}, off for {@code offMillis}, until {@link #on()} or {@link #off()}. */
    void blink(long onMillis, long offMillis);

    /** Turns the pin off and releases it. */
    @Override
    void close();
}
