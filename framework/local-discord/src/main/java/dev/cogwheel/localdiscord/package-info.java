/**
 * The local Discord: an in-process server on 127.0.0.1 that speaks enough of Discord's v10 REST
 * API and gateway for the unmodified JDA client to log in and run a bot, and that records what the
 * bot does.
 *
 * <p>{@link dev.cogwheel.localdiscord.LocalDiscord} starts it from a
 * {@link dev.cogwheel.localdiscord.World} and points a JDA builder at it;
 * {@link dev.cogwheel.localdiscord.LocalUser} drives it as a user (messages, slash
 * commands validated against what the bot registered, buttons, voice, joining guilds);
 * {@link dev.cogwheel.localdiscord.InteractionHandle} and the {@code await} methods wait
 * for the bot's answers; {@link dev.cogwheel.localdiscord.ActionLog} holds every REST call
 * it made; {@link dev.cogwheel.localdiscord.LocalDiscordConsole} is the console of
 * {@code cogwheel run --local}. docs/local-discord.md says what is emulated and what is not.
 */
package dev.cogwheel.localdiscord;
