/**
 * The instance's configuration: a properties file overridden by environment variables, validated
 * once, with secrets never printed ({@link dev.cogwheel.runtime.config.CogwheelConfig}).
 */
package dev.cogwheel.runtime.config;
