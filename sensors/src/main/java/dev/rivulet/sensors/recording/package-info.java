/**
 * Recordings of MQTT messages, the input of {@code rivulet replay}: JSON Lines, one message a line,
 * {@code {"time": <epoch ms>, "topic": "...", "payload": "<UTF-8 text>"}} or {@code "payloadBase64"} for a payload
 * that is not UTF-8 text, plain or gzip-compressed.
 */
package dev.rivulet.sensors.recording;
