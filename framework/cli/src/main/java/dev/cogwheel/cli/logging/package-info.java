/**
 * Logging: the plain and JSON formats, event names ({@code subject.verb_past} first in a message,
 * then {@code key=value} pairs), and the redaction that keeps database URLs, passwords, tokens,
 * secrets, raw Discord IDs and message contents out of every log line
 * ({@link dev.cogwheel.cli.logging.Redactor}, applied by the encoders).
 */
package dev.cogwheel.cli.logging;
