package dev.cogwheel.plugins.tempvc;

import dev.cogwheel.api.command.CommandContext;
import dev.cogwheel.api.command.CommandException;
import dev.cogwheel.api.command.CommandOption;
import dev.cogwheel.api.command.OptionType;
import dev.cogwheel.api.command.SlashCommand;
import dev.cogwheel.api.discord.Members;
import dev.cogwheel.api.plugin.PluginContext;
import dev.cogwheel.storage.Pid;
import java.util.function.Supplier;
import net.dv8tion.jda.api.Permission;
import net.dv8tion.jda.api.entities.Guild;
import net.dv8tion.jda.api.entities.Member;
import net.dv8tion.jda.api.entities.channel.concrete.VoiceChannel;
import net.dv8tion.jda.api.exceptions.PermissionException;
import net.dv8tion.jda.api.requests.RestAction;

/**
 * {@code /vc rename|limit|lock|unlock|transfer}: what the owner of a temporary channel does with it,
 * from inside it.
 */
final class OwnerCommands {

  /** The most members a voice channel can be limited to. */
  static final int MAX_LIMIT = 99;

  private final PluginContext context;
  private final TempChannels channels;
  private final TempVoice voice;

  OwnerCommands(PluginContext context, TempChannels channels, TempVoice voice) {
    this.context = context;
    this.channels = channels;
    this.voice = voice;
  }

  /** The caller's channel, checked to be a temporary one they own. */
  private record Owned(Guild guild, VoiceChannel channel, TempChannels.Stored stored) {}

  SlashCommand command() {
    return SlashCommand.builder("vc", "Manage the temporary voice channel you own")
        .subcommand(SlashCommand.builder("rename", "Renames your channel")
            .option(CommandOption.builder("name", OptionType.STRING, "The new name").required().max(100))
            .handler(this::rename)
            .build())
        .subcommand(SlashCommand.builder("limit", "Limits how many members can be in your channel")
            .option(CommandOption.builder("count", OptionType.INTEGER, "At most this many members; 0 for no limit")
                .required().range(0, MAX_LIMIT))
            .handler(this::limit)
            .build())
        .subcommand(SlashCommand.builder("lock", "Nobody new can join your channel")
            .handler(call -> lock(call, true))
            .build())
        .subcommand(SlashCommand.builder("unlock", "Everyone can join your channel again")
            .handler(call -> lock(call, false))
            .build())
        .subcommand(SlashCommand.builder("transfer", "Gives your channel to another member in it")
            .option(CommandOption.builder("member", OptionType.USER, "The new owner, who must be in your channel").required())
            .handler(this::transfer)
            .build())
        .guildOnly()
        .build();
  }

  private void rename(CommandContext call) {
    String name = call.string("name").strip();
    if (name.isEmpty()) {
      throw new CommandException("The name is blank: give your channel a name with at least one visible character.");
    }
    Owned owned = owned(call);
    act(() -> owned.channel().getManager().setName(name));
    call.replyEphemeral("Your channel is now called **" + name + "**.");
  }

  private void limit(CommandContext call) {
    int count = (int) call.integer("count");
    Owned owned = owned(call);
    act(() -> owned.channel().getManager().setUserLimit(count));
    call.replyEphemeral(count == 0 ? "Your channel has no member limit now."
        : "Your channel now takes at most " + count + (count == 1 ? " member." : " members."));
  }

  private void lock(CommandContext call, boolean locked) {
    Owned owned = owned(call);
    act(() -> {
      var everyone = owned.channel().upsertPermissionOverride(owned.guild().getPublicRole());
      return locked ? everyone.deny(Permission.VOICE_CONNECT) : everyone.clear(Permission.VOICE_CONNECT);
    });
    call.replyEphemeral(locked ? "Your channel is locked: nobody new can join; whoever is in it stays."
        : "Your channel is unlocked: everyone can join again.");
  }

  private void transfer(CommandContext call) {
    Owned owned = owned(call);
    long target = call.id("member");
    if (target == call.userId()) {
      throw new CommandException("You already own this channel: name another member in it.");
    }
    Member heir = owned.channel().getMembers().stream().filter(m -> m.getIdLong() == target).findFirst()
        .orElseThrow(() -> new CommandException("<@" + target + "> is not in your channel: they must join it before you can give it to them."));
    if (heir.getUser().isBot()) {
      throw new CommandException("A bot cannot own a channel: name a member who is in it.");
    }
    if (!channels.changeOwner(owned.stored(), Members.pid(heir, context.pids()))) {
      throw new CommandException("Your channel changed while you were giving it away (its owner may have changed): "
          + "check who owns it and try /vc transfer again.");
    }
    voice.giveOwnerOverride(owned.channel(), owned.stored().channel().owner(), heir);
    context.logger().info("tempvc.owner_changed reason=transfer");
    call.reply("<@" + target + "> now owns **" + owned.channel().getName() + "**.");
  }

  private Owned owned(CommandContext call) {
    var interaction = call.interaction().orElseThrow(() -> new CommandException(
        "/vc acts on the voice channel you are in, so it works only from Discord."));
    Guild guild = interaction.getGuild();
    Member member = guild.getMemberById(call.userId());
    VoiceChannel channel = TempVoice.voiceChannelOf(member == null ? interaction.getMember() : member)
        .orElseThrow(() -> new CommandException("You are not in a voice channel: join your temporary channel, then use /vc."));
    TempChannels.Stored stored = channels.find(guild.getIdLong(), channel.getIdLong())
        .orElseThrow(() -> new CommandException("**" + channel.getName() + "** is not a temporary channel:"
            + " join a hub channel to get one of your own."));
    Pid caller = call.caller();
    if (stored.channel().findOwner().isEmpty()) {
      throw new CommandException("**" + channel.getName() + "** has no owner right now: it passes to a member"
          + " in it when someone leaves.");
    }
    if (!stored.channel().isOwnedBy(caller)) {
      throw new CommandException("Only the owner of **" + channel.getName() + "** can change it: ask them to"
          + " /vc transfer it to you.");
    }
    return new Owned(guild, channel, stored);
  }

  /** Makes a change in Discord; JDA checks the bot's permissions while the action is built. */
  private void act(Supplier<RestAction<?>> action) {
    try {
      action.get().complete();
    } catch (PermissionException e) {
      voice.missingPermission("command", e);
      throw new CommandException("I lack the permission \"" + e.getPermission().getName()
          + "\" for this channel: ask a server admin to give it to my role.");
    }
  }
}
