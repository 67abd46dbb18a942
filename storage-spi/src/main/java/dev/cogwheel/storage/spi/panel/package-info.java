/**
 * What the admin API keeps in the instance schema: its operator tokens (hashed) and the audit log of
 * every write made through it. For the host and the operator's tools; a plugin never receives these
 * types.
 */
package dev.cogwheel.storage.spi.panel;
