package dev.cogwheel.plugins.tempvc;

import dev.cogwheel.localdiscord.LocalChannel;
import dev.cogwheel.localdiscord.LocalDiscord;
import dev.cogwheel.localdiscord.LocalGuild;
import dev.cogwheel.localdiscord.LocalUser;
import dev.cogwheel.testkit.Eventually;
import dev.cogwheel.testkit.TestHost;
import java.util.Optional;

/** What the end-to-end tests do again and again: a member gets their channel, the test reads its state. */
final class Scenes {

  private Scenes() {}

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
    return new TempChannels(host.storage().state())
        .find(id(channel.guildId().orElseThrow()), id(channel.id()))
        .map(TempChannels.Stored::channel);
  }

  static long id(String snowflake) {
    return Long.parseUnsignedLong(snowflake);
  }
}
