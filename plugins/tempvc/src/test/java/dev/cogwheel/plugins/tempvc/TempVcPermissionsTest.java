package dev.cogwheel.plugins.tempvc;

import static dev.cogwheel.plugins.tempvc.Scenes.id;
import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.cogwheel.localdiscord.LocalDiscord;
import dev.cogwheel.localdiscord.LocalGuild;
import dev.cogwheel.localdiscord.World;
import dev.cogwheel.storage.config.ConfigScope;
import dev.cogwheel.testkit.CogwheelExtension;
import dev.cogwheel.testkit.Eventually;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.LoggerFactory;

/** A bot whose role may not manage channels: nothing is half made, and the log names the permission. */
class TempVcPermissionsTest {

  static final long BOT_PERMISSIONS = World.Permissions.VIEW_CHANNEL | World.Permissions.SEND_MESSAGES
      | World.Permissions.CONNECT | World.Permissions.MOVE_MEMBERS | World.Permissions.MANAGE_ROLES;

  @RegisterExtension
  static final CogwheelExtension cogwheel = CogwheelExtension.forThisModule().withLocalDiscord(World.builder()
      .users("alice", "bob")
      .guild("Limited", g -> g.owner("alice")
          .role("Admin", World.Permissions.ADMINISTRATOR)
          .botRole("Bot", BOT_PERMISSIONS)
          .textChannel("general")
          .category("Voice")
          .voiceChannel("Lobby", "Voice")
          .member("alice", "Admin")
          .member("bob"))
      .build());

  private final Logger cogLog = (Logger) LoggerFactory.getLogger("cog.tempvc");
  private final ListAppender<ILoggingEvent> logged = new ListAppender<>();

  @BeforeEach
  void listen() {
    logged.start();
    cogLog.addAppender(logged);
  }

  @AfterEach
  void stopListening() {
    cogLog.detachAppender(logged);
  }

  @Test
  void withoutManageChannelsNoChannelIsMadeAndTheLogSaysWhichPermissionIsMissing() {
    LocalDiscord discord = cogwheel.host().discord();
    LocalGuild guild = discord.guild();
    long guildId = id(guild.id());
    cogwheel.host().storage().config().set(TempVcCog.HUBS, ConfigScope.guild(guildId), List.of(id(guild.channel("Lobby").id())));

    discord.user("bob").joinVoice(guild.channel("Lobby"));

    String line = Eventually.await("the missing permission to be logged", () -> {
      synchronized (logged) {
        return logged.list.stream().map(ILoggingEvent::getFormattedMessage)
            .filter(m -> m.startsWith("tempvc.missing_permission")).findFirst();
      }
    });
    assertThat(line).isEqualTo("tempvc.missing_permission action=create permission=\"Manage Channels\""
        + " hint=\"give the bot's role this permission in the hub's category\"");
    assertThat(line).doesNotContain(guild.id(), discord.user("bob").id());
    assertThat(discord.guild().channels()).extracting(c -> c.name()).containsExactlyInAnyOrder("general", "Voice", "Lobby");
    assertThat(discord.actions().matching("POST", "guilds/{guild_id}/channels")).isEmpty();
    assertThat(cogwheel.host().storage().state().list(TempChannel.guildPrefix(guildId))).isEmpty();
  }
}
