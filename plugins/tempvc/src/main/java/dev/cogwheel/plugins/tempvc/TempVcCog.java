package dev.cogwheel.plugins.tempvc;

import dev.cogwheel.api.command.ConfigCommands;
import dev.cogwheel.api.plugin.Cog;
import dev.cogwheel.api.plugin.PluginContext;
import dev.cogwheel.storage.Pid;
import dev.cogwheel.storage.config.ConfigKey;
import dev.cogwheel.storage.config.ConfigRule;
import dev.cogwheel.storage.config.ConfigType;
import dev.cogwheel.storage.privacy.UserDataHook;
import dev.cogwheel.storage.privacy.UserDataRecord;
import java.util.List;
import java.util.Map;
import net.dv8tion.jda.api.events.channel.ChannelDeleteEvent;
import net.dv8tion.jda.api.events.guild.GuildReadyEvent;
import net.dv8tion.jda.api.events.guild.voice.GuildVoiceUpdateEvent;

/**
 * Temporary voice channels (seed 000, "Temp VC state"): a member who joins one of the guild's hub
 * voice channels gets a voice channel of their own next to the hub and is moved into it; its owner
 * renames, limits, locks, unlocks or hands it over with {@code /vc}; it is deleted once empty. The
 * live channels are kept in State storage, so after a restart the cog adopts the channels that still
 * exist, forgets those that vanished and deletes those that emptied while it was down.
 * docs/plugins/tempvc.md describes it for admins.
 */
public final class TempVcCog implements Cog {

  /** The hub voice channels of a guild: joining one creates a personal channel. */
  static final ConfigKey<List<Long>> HUBS = ConfigKey.builder("hubs", ConfigType.LONG_LIST)
      .defaultValue(List.of())
      .description("Hub voice channels: joining one creates a personal channel (channel ids or #mentions, comma-separated)")
      .rule(hubs -> hubs.size() <= 25, "at most 25 hubs")
      .build();

  /** The name of a new channel; {@code {owner}} is replaced by the owner's name in the server. */
  static final ConfigKey<String> NAME_TEMPLATE = ConfigKey.builder("name_template", ConfigType.STRING)
      .defaultValue("{owner}'s channel")
      .description("Name of a new channel; {owner} becomes the owner's name (per hub with the channel option)")
      .rule(ConfigRule.maxLength(90))
      .rule(template -> !template.isBlank(), "not blank")
      .build();

  /** The member limit a new channel starts with; 0 for none. */
  static final ConfigKey<Integer> USER_LIMIT = ConfigKey.builder("user_limit", ConfigType.INTEGER)
      .defaultValue(0)
      .description("Member limit of a new channel, 0 for none (per hub with the channel option)")
      .rule(ConfigRule.between(0, OwnerCommands.MAX_LIMIT))
      .build();

  @Override
  public void start(PluginContext context) {
    context.storage().config().register(HUBS, NAME_TEMPLATE, USER_LIMIT);
    TempChannels channels = new TempChannels(context.storage().state(), context.quarantine());
    TempVoice voice = new TempVoice(context, channels);

    context.events().subscribe(GuildReadyEvent.class, voice::onReady);
    context.events().subscribe(GuildVoiceUpdateEvent.class, voice::onVoiceUpdate);
    context.events().subscribe(ChannelDeleteEvent.class, voice::onChannelDeleted);
    context.commands().register(new OwnerCommands(context, channels, voice).command());
    context.commands().register(ConfigCommands.command("tempvc", "Temporary voice channel settings of this server",
        context.storage().config()));

    context.storage().userData().register(new UserDataHook() {
      @Override
      public List<UserDataRecord> export(Pid pid) {
        return channels.ownedBy(pid).stream()
            .map(stored -> new UserDataRecord("tempvc state", Map.of(
                "guild_id", Long.toString(stored.channel().guildId()),
                "channel_id", Long.toString(stored.channel().channelId()),
                "hub_id", Long.toString(stored.channel().hubId()),
                "created_at", stored.channel().createdAt().toString())))
            .toList();
      }

      /** The channels stay (people may be in them) but have no owner until a member takes one over. */
      @Override
      public int delete(Pid pid) {
        return channels.disown(pid);
      }
    });
  }
}
