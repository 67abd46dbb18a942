package dev.cogwheel.plugins.tempvc;

import dev.cogwheel.api.plugin.Quarantine;
import dev.cogwheel.localdiscord.LocalChannel;
import dev.cogwheel.localdiscord.LocalDiscord;
import dev.cogwheel.localdiscord.LocalGuild;
import dev.cogwheel.localdiscord.LocalUser;
import dev.cogwheel.testkit.Eventually;
import dev.cogwheel.testkit.TestHost;
import java.util.List;
import java.util.Optional;

/** What the end-to-end tests do again and again: a member gets their channel, the test reads its state. */
final class Scenes {

  /** For tests that read the cog's state directly: any record it cannot read fails the test. */
  static final Quarantine NOTHING_UNREADABLE = new Quarantine() {
    @Override
    public void add(String key, String problem) {
      throw new AssertionError("the state entry " + key + " cannot be read: " + problem);
    }

    @Override
    public boolean remove(String key) {
      return false;
    }

    @Override
    public List<Item> items() {
      return List.of();
    }
  };

  private Scenes() {}

  /** The cog's channels, as the tests read them. */
  static TempChannels channels(TestHost host) {
    return new TempChannels(host.storage().state(), NOTHING_UNREADABLE);
  }

  /** A member joins a hub; returns the channel they were given once they are in it. */
  static LocalChannel ownChannel(LocalDiscord discord, LocalUser user, LocalChannel hub) {
    LocalGuild guild = discord.guild();
    user.joinVoice(hub);
    LocalChannel created = discord.awaitChannel(guild, user.name() + "'s channel", Eventually.WAIT);
    discord.awaitMember(guild, user.name(), m -> m.voiceChannelId().equals(Optional.of(created.id())), Eventually.WAIT);
    return created;
  }

  /** What the cog stored about a channel. */
  static Optional<TempChannel> stored(TestHost host, LocalChannel channel) {
    return channels(host)
        .find(id(channel.guildId().orElseThrow()), id(channel.id()))
        .map(TempChannels.Stored::channel);
  }

  static long id(String snowflake) {
    return Long.parseUnsignedLong(snowflake);
  }
}
