/*******************************************************************************
 * Copyright (c) 2009, 2014 IBM Corp.
 *
 * All rights reserved. This program and the accompanying materials
 * are made available under the terms of the Eclipse Public License v2.0
 * and Eclipse Distribution License v1.0 which accompany this distribution.
 *
 * The Eclipse Public License is available at
 *    https://www.eclipse.org/legal/epl-2.0
 * and the Eclipse Distribution License is available at
 *   https://www.eclipse.org/org/documents/edl-v10.php
 *
 * Contributors:
 *    Dave Locke - initial API and implementation and/or initial documentation
 *    Rivulet - caches the message catalogue and skips reflection for the default logger (Paho 1.2.5's class replaced in rivulet.jar; see sensors/README.md, "Paho, patched")
 */
package org.eclipse.paho.client.mqttv3.logging;

import java.util.MissingResourceException;
import java.util.ResourceBundle;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Creates a logger for each of Paho's objects that asks, as Paho's own factory did: a new {@link JSR47Logger}
 * (java.util.logging) unless {@link #setLogger(String)} names another {@link Logger} class, initialised with the
 * message catalogue. Paho asks for one per token, so once per acknowledgement; its own factory looked up the
 * catalogue ({@code ResourceBundle.getBundle}), the class ({@code Class.forName}) and its constructor by reflection
 * each time, about 1 µs of a 1.3 µs token under C1. The catalogue is now looked up once per name, and the default
 * logger made with {@code new}; each logger is still its own object, so a token's resource name stays its own.
 */
public class LoggerFactory {
	/** The name of the message catalogue Paho's client logs with. */
	public final static String MQTT_CLIENT_MSG_CAT = "org.eclipse.paho.client.mqttv3.internal.nls.logcat";
	private static final String CLASS_NAME = LoggerFactory.class.getName();

	private static volatile String overrideloggerClassName = null;
	private static final ConcurrentHashMap<String, ResourceBundle> catalogues = new ConcurrentHashMap<>();

	/**
	 * Creates a logger for a named class: by default one that uses java.util.logging.
	 * @param messageCatalogName the resource bundle containing the logging messages.
	 * @param loggerID unique name to identify this logger.
	 * @return a suitable Logger.
	 */
	public static Logger getLogger(String messageCatalogName, String loggerID) {
		ResourceBundle catalogue = catalogues.computeIfAbsent(messageCatalogName, name -> ResourceBundle.getBundle(name));
		String loggerClassName = overrideloggerClassName;
		Logger logger = loggerClassName == null ? new JSR47Logger() : instantiate(loggerClassName);
		if (logger == null) {
			throw new MissingResourceException("Error locating the logging class", CLASS_NAME, loggerID);
		}
		logger.initialise(catalogue, loggerID, null);
		return logger;
	}

	private static Logger instantiate(String loggerClassName) {
		try {
			return (Logger) Class.forName(loggerClassName).getDeclaredConstructor().newInstance();
		} catch (ReflectiveOperationException | LinkageError | SecurityException | ClassCastException e) {
			return null;
		}
	}

	/**
	 * Return the logging property of java.util.logging's log manager.
	 * @param name the property to get
	 * @return its value, or null where there is none or java.util.logging cannot say
	 */
	public static String getLoggingProperty(String name) {
		try {
			return java.util.logging.LogManager.getLogManager().getProperty(name);
		} catch (RuntimeException e) {
			return null; // as Paho's own: any error, and the property is taken as unset
		}
	}

	/**
	 * Set the class name of the logger that the LoggerFactory will load. If not set, a logger that uses
	 * java.util.logging is used.
	 * @param loggerClassName a fully qualified class name of a class that implements {@link Logger}
	 */
	public static void setLogger(String loggerClassName) {
		LoggerFactory.overrideloggerClassName = loggerClassName;
	}
}
