/**
 * Running Rivulet as a service: logging set up from the configuration ({@link dev.rivulet.ops.Logging}),
 * secrets kept out of logs ({@link dev.rivulet.ops.Secrets}) and telling systemd when the gateway is
 * ready ({@link dev.rivulet.ops.SystemdNotify}).
 */
package dev.rivulet.ops;
