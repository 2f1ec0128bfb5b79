/**
 * {@code rivulet replay}: the configured pipelines and alert rules over recorded readings, on the batch grid of
 * their arrival times, as fast as the machine allows, writing what the gateway would have sent as JSON Lines.
 */
package dev.rivulet.replay;
