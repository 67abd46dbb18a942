/**
 * Typed plugin settings per scope. A plugin declares {@link dev.cogwheel.storage.config.ConfigKey}s with
 * defaults and rules, reads the effective value for a scope (channel and member fall back to guild,
 * then global, then the default) and listens for changes made by any process.
 */
package dev.cogwheel.storage.config;
