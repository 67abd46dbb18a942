/**
 * Slash commands as the host runs them: an invocation (names, options, guild, channel, user), its
 * validation against the command's declaration, the context a handler receives, the responder that
 * answers, and how an invocation ended.
 *
 * <p>Owns: the host's side of {@code dev.cogwheel.api.command}. May use the SDK only; it knows
 * neither JDA nor the plugins.
 */
package dev.cogwheel.runtime.command;
