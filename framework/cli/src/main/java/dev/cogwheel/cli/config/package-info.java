/**
 * The instance's configuration: a properties file overridden by environment variables, validated
 * once, with secrets never printed ({@link dev.cogwheel.cli.config.CogwheelConfig}).
 */
package dev.cogwheel.cli.config;
