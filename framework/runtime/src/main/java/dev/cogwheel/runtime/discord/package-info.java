/**
 * The Discord adapter: {@code Bot} logs in every shard with JDA, the host's one JDA listener turns
 * interactions and events into invocations for the plugins, replies go back through JDA, commands are
 * synced with Discord by diff, and a new guild is initialised.
 *
 * <p>Owns: everything that speaks JDA on the host's behalf. May use {@code runtime.plugin},
 * {@code runtime.command}, {@code runtime.builtin} and the storage SPI.
 */
package dev.cogwheel.runtime.discord;
