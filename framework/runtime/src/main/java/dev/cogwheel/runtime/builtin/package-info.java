/**
 * The host's own slash commands: {@code /plugins list|load|unload|reload|enable|disable},
 * {@code /db status|plan|upgrade}, {@code /mydata export|forget} and {@code /about}, registered with
 * the command dispatcher like a plugin's, and checked for the owner where they change the bot.
 *
 * <p>Owns: those commands and the user-data export. May use {@code runtime.plugin}, the SDK (with the
 * JDA types it exposes, such as buttons) and the storage SPI; never the Discord adapter.
 */
package dev.cogwheel.runtime.builtin;
