/**
 * The test kit for plugin authors: a JUnit 5 extension ({@link dev.cogwheel.testkit.CogwheelExtension})
 * that runs the plugin of the module under test in a real host, on a fresh schema of a real
 * PostgreSQL, and a {@link dev.cogwheel.testkit.TestHost} to invoke its commands, publish events and
 * read its storage.
 */
package dev.cogwheel.testkit;
