/**
 * Slash commands as the host runs them: {@code CommandDispatcher} routes an invocation (names,
 * options, guild, channel, user) to the plugin that registered the command, or to a built-in one,
 * validates it against the declaration, runs the handler on the plugin's threads through its work
 * gate with the context a handler receives and the responder that answers, and records how it ended.
 *
 * <p>Owns: the host's side of {@code dev.cogwheel.api.command}, command routing and its meter. May
 * use {@code runtime.work} and the SDK; it knows neither JDA nor the plugin manager.
 */
package dev.cogwheel.runtime.command;
