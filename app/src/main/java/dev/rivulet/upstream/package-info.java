/**
 * Upstream forwarding: store-and-forward of the outbox to the uplink broker. Messages are deleted from the
 * store only once their publish completed, so a lost link or a power cut never loses one.
 */
package dev.rivulet.upstream;
