package dev.cogwheel.api.event;

/**
 * The bot saw a guild for the first time (it joined it, or it was in it before this instance kept
 * records) and the host wrote every plugin's config defaults for it. Subscribe to set up a cog's own
 * rows for the guild. Published once per guild and instance.
 *
 * @param guildId the guild
 */
public record GuildInitializedEvent(long guildId) {}
