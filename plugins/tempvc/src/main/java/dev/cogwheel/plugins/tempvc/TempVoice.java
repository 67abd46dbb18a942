package dev.cogwheel.plugins.tempvc;

import dev.cogwheel.api.discord.Members;
import dev.cogwheel.api.plugin.PluginContext;
import dev.cogwheel.storage.Pid;
import dev.cogwheel.storage.StorageException;
import dev.cogwheel.storage.config.ConfigScope;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import net.dv8tion.jda.api.Permission;
import net.dv8tion.jda.api.entities.Guild;
import net.dv8tion.jda.api.entities.GuildVoiceState;
import net.dv8tion.jda.api.entities.Member;
import net.dv8tion.jda.api.entities.PermissionOverride;
import net.dv8tion.jda.api.entities.channel.concrete.Category;
import net.dv8tion.jda.api.entities.channel.concrete.VoiceChannel;
import net.dv8tion.jda.api.entities.channel.middleman.AudioChannel;
import net.dv8tion.jda.api.events.channel.ChannelDeleteEvent;
import net.dv8tion.jda.api.events.guild.GuildReadyEvent;
import net.dv8tion.jda.api.events.guild.voice.GuildVoiceUpdateEvent;
import net.dv8tion.jda.api.exceptions.ErrorResponseException;
import net.dv8tion.jda.api.exceptions.PermissionException;
import net.dv8tion.jda.api.requests.ErrorResponse;
import net.dv8tion.jda.api.requests.restaction.ChannelAction;
import org.slf4j.Logger;

/**
 * What the cog does in Discord: creates a member's channel when they join a hub, hands a channel to
 * another member when its owner leaves, deletes it when it empties, and reconciles the stored
 * channels with the guild when the bot (re)connects. Discord's current view (JDA's cache) is read
 * again at every step rather than trusting the event that started it, because the plugin's threads
 * may handle one guild's events out of order.
 */
final class TempVoice {

  /** What the owner's own permission override grants: entry even when the channel is locked or full. */
  static final EnumSet<Permission> OWNER_ALLOW = EnumSet.of(Permission.VIEW_CHANNEL, Permission.VOICE_CONNECT);

  private final PluginContext context;
  private final TempChannels channels;
  private final Logger log;
  /** Guilds reconciled since this start of the cog. */
  private final Set<Long> reconciled = ConcurrentHashMap.newKeySet();
  /** Members whose channel is being created right now, as guild:user (memory only, never stored). */
  private final Set<String> creating = ConcurrentHashMap.newKeySet();
  /** Channels created but whose owner is not moved in yet: empty, and not to be deleted for it. */
  private final Set<Long> settling = ConcurrentHashMap.newKeySet();

  TempVoice(PluginContext context, TempChannels channels) {
    this.context = context;
    this.channels = channels;
    this.log = context.logger();
  }

  void onReady(GuildReadyEvent event) {
    if (reconciled.add(event.getGuild().getIdLong())) {
      reconcile(event.getGuild());
    }
  }

  void onVoiceUpdate(GuildVoiceUpdateEvent event) {
    Guild guild = event.getGuild();
    // After a reload of the cog no GuildReadyEvent comes: the first event of a guild reconciles it.
    if (reconciled.add(guild.getIdLong())) {
      reconcile(guild);
    }
    if (event.getChannelJoined() != null) {
      settling.remove(event.getChannelJoined().getIdLong());
    }
    try {
      if (event.getChannelLeft() != null) {
        left(guild, event.getChannelLeft().getIdLong());
      }
      if (event.getChannelJoined() != null && isHub(guild, event.getChannelJoined().getIdLong())) {
        createFor(guild, event.getMember().getIdLong());
      }
    } catch (StorageException e) {
      log.warn("tempvc.storage_failed event=voice_update error={}", e.getMessage());
    }
  }

  void onChannelDeleted(ChannelDeleteEvent event) {
    if (!event.isFromGuild()) {
      return;
    }
    try {
      channels.find(event.getGuild().getIdLong(), event.getChannel().getIdLong()).ifPresent(stored -> {
        channels.remove(stored.channel());
        log.info("tempvc.forgotten reason=channel_deleted");
      });
    } catch (StorageException e) {
      log.warn("tempvc.storage_failed event=channel_delete error={}", e.getMessage());
    }
  }

  /**
   * Brings the stored channels of a guild in line with Discord: a channel that is gone is forgotten,
   * an empty one is deleted, the others are adopted (given to a member in them if their owner left),
   * and members waiting in a hub get their channel.
   */
  void reconcile(Guild guild) {
    int adopted = 0;
    int vanished = 0;
    int emptied = 0;
    try {
      for (TempChannels.Stored stored : channels.list(guild.getIdLong())) {
        VoiceChannel channel = guild.getVoiceChannelById(stored.channel().channelId());
        if (channel == null) {
          channels.remove(stored.channel());
          vanished++;
        } else if (settling.contains(channel.getIdLong())) {
          adopted++;
        } else if (people(channel).isEmpty()) {
          delete(channel, stored.channel());
          emptied++;
        } else {
          adopted++;
          keepOwned(guild, stored);
        }
      }
    } catch (StorageException e) {
      log.warn("tempvc.reconcile_failed error={}", e.getMessage());
      reconciled.remove(guild.getIdLong());
      return;
    }
    int waiting = 0;
    for (long hubId : hubs(guild)) {
      VoiceChannel hub = guild.getVoiceChannelById(hubId);
      if (hub != null) {
        for (Member member : people(hub)) {
          waiting++;
          createFor(guild, member.getIdLong());
        }
      }
    }
    log.info("tempvc.reconciled adopted={} vanished={} emptied={} waiting={}", adopted, vanished, emptied, waiting);
  }

  /** Someone left a channel: delete it if it is a temporary one and empty, or hand it on if its owner left. */
  private void left(Guild guild, long channelId) {
    Optional<TempChannels.Stored> stored = channels.find(guild.getIdLong(), channelId);
    if (stored.isEmpty()) {
      return;
    }
    VoiceChannel channel = guild.getVoiceChannelById(channelId);
    if (channel == null) {
      channels.remove(stored.get().channel());
    } else if (people(channel).isEmpty()) {
      delete(channel, stored.get().channel());
    } else {
      keepOwned(guild, stored.get());
    }
  }

  /**
   * Makes sure a channel's owner is in it; otherwise gives it to the first member in it. Retries on
   * a concurrent change until the stored owner is present or the channel is gone.
   */
  private void keepOwned(Guild guild, TempChannels.Stored stored) {
    TempChannels.Stored current = stored;
    for (int attempt = 0; attempt < 5; attempt++) {
      VoiceChannel channel = guild.getVoiceChannelById(current.channel().channelId());
      if (channel == null) {
        return;
      }
      List<Member> people = people(channel);
      Optional<Pid> owner = current.channel().findOwner();
      if (people.isEmpty() || owner.isPresent() && people.stream().anyMatch(m -> Members.is(m, owner.get(), context.pids()))) {
        return;
      }
      Member heir = people.get(0);
      if (channels.changeOwner(current, Members.pid(heir, context.pids()))) {
        giveOwnerOverride(channel, current.channel().owner(), heir);
        log.info("tempvc.owner_changed reason=owner_left");
        return;
      }
      Optional<TempChannels.Stored> again = channels.find(guild.getIdLong(), current.channel().channelId());
      if (again.isEmpty()) {
        return;
      }
      current = again.get();
    }
    log.warn("tempvc.owner_change_contended attempts=5");
  }

  /** What became of moving a member into their new channel. */
  private enum Move { MOVED, LEFT, FAILED }

  /**
   * Creates a member's channel next to the hub they are in and moves them there. A member who left
   * the hub while their channel was being made, and came back before it was given up, had their
   * second join skipped by the claim: they get another try.
   */
  private void createFor(Guild guild, long userId) {
    for (int attempt = 0; attempt < 3; attempt++) {
      if (createOnce(guild, userId) != Move.LEFT) {
        return;
      }
    }
  }

  private Move createOnce(Guild guild, long userId) {
    String claim = guild.getIdLong() + ":" + userId;
    if (!creating.add(claim)) {
      return Move.FAILED;
    }
    try {
      Member member = guild.getMemberById(userId);
      Optional<VoiceChannel> hub = Optional.ofNullable(member).flatMap(TempVoice::voiceChannelOf)
          .filter(c -> isHub(guild, c.getIdLong()));
      if (hub.isEmpty()) {
        return Move.FAILED;
      }
      ConfigScope scope = ConfigScope.channel(guild.getIdLong(), hub.get().getIdLong());
      VoiceChannel created = createChannel(hub.get(), member, scope);
      TempChannel record = new TempChannel(guild.getIdLong(), created.getIdLong(), hub.get().getIdLong(),
          Members.pid(member, context.pids()), Instant.now());
      try {
        channels.create(record);
      } catch (StorageException e) {
        log.warn("tempvc.persist_failed action=create error={}", e.getMessage());
        created.delete().queue(null, failure -> log.warn("tempvc.discord_failed action=delete error={}", failure.toString()));
        return Move.FAILED;
      }
      log.info("tempvc.created");
      settling.add(created.getIdLong());
      Move move = Move.FAILED;
      try {
        move = moveInto(guild, userId, created, record);
      } finally {
        if (move != Move.MOVED) {
          settling.remove(created.getIdLong());
        }
      }
      return move;
    } catch (PermissionException e) {
      missingPermission("create", e);
    } catch (ErrorResponseException e) {
      log.warn("tempvc.discord_failed action=create error={}", e.getErrorResponse());
    } finally {
      creating.remove(claim);
    }
    return Move.FAILED;
  }

  private VoiceChannel createChannel(VoiceChannel hub, Member owner, ConfigScope scope) {
    String template = context.storage().config().get(TempVcCog.NAME_TEMPLATE, scope);
    int limit = context.storage().config().get(TempVcCog.USER_LIMIT, scope);
    String name = template.replace("{owner}", owner.getEffectiveName()).strip();
    name = name.substring(0, Math.min(name.length(), 100));
    Category category = hub.getParentCategory();
    ChannelAction<VoiceChannel> action = category == null
        ? hub.getGuild().createVoiceChannel(name)
        : category.createVoiceChannel(name);
    action = action.addMemberPermissionOverride(owner.getIdLong(), OWNER_ALLOW, EnumSet.noneOf(Permission.class));
    if (limit > 0) {
      action = action.setUserlimit(limit);
    }
    return action.complete();
  }

  /**
   * Moves the member into their new channel, unless they left the hub meanwhile: then (or when the
   * move finds them gone, or the bot may not move members) the channel is deleted again.
   */
  private Move moveInto(Guild guild, long userId, VoiceChannel created, TempChannel record) {
    Member member = guild.getMemberById(userId);
    boolean stillInHub = member != null && voiceChannelOf(member).map(c -> c.getIdLong() == record.hubId()).orElse(false);
    if (stillInHub) {
      try {
        guild.moveVoiceMember(member, created).complete();
        return Move.MOVED;
      } catch (IllegalStateException e) {
        // JDA refuses to move a member its cache already shows out of voice.
      } catch (PermissionException e) {
        missingPermission("move", e);
        delete(created, record);
        return Move.FAILED;
      } catch (ErrorResponseException e) {
        if (e.getErrorResponse() != ErrorResponse.USER_NOT_CONNECTED && e.getErrorResponse() != ErrorResponse.UNKNOWN_MEMBER) {
          throw e;
        }
      }
    }
    log.info("tempvc.abandoned reason=member_left_during_creation");
    VoiceChannel now = guild.getVoiceChannelById(created.getIdLong());
    if (now == null || people(now).isEmpty()) {
      delete(created, record);
    }
    return Move.LEFT;
  }

  /** Deletes a channel in Discord, then its record; a channel already gone counts as deleted. */
  void delete(VoiceChannel channel, TempChannel record) {
    try {
      channel.delete().complete();
    } catch (ErrorResponseException e) {
      if (e.getErrorResponse() != ErrorResponse.UNKNOWN_CHANNEL) {
        log.warn("tempvc.discord_failed action=delete error={}", e.getErrorResponse());
        return;
      }
    } catch (PermissionException e) {
      missingPermission("delete", e);
      return;
    }
    channels.remove(record);
    log.info("tempvc.deleted reason=empty");
  }

  /** Moves the owner's permission override from the previous owner (if any) to the new one. */
  void giveOwnerOverride(VoiceChannel channel, Pid previous, Member next) {
    try {
      if (previous != null) {
        for (PermissionOverride override : channel.getMemberPermissionOverrides()) {
          if (context.pids().member(channel.getGuild().getIdLong(), override.getIdLong()).equals(previous)) {
            override.delete().complete();
          }
        }
      }
      channel.upsertPermissionOverride(next).grant(OWNER_ALLOW).complete();
    } catch (PermissionException e) {
      missingPermission("transfer", e);
    } catch (ErrorResponseException e) {
      log.warn("tempvc.discord_failed action=transfer error={}", e.getErrorResponse());
    }
  }

  /** Logs which permission the bot's role lacks, so an admin can grant it. */
  void missingPermission(String action, PermissionException e) {
    log.warn("tempvc.missing_permission action={} permission=\"{}\" hint=\"give the bot's role this permission in the hub's category\"",
        action, e.getPermission().getName());
  }

  boolean isHub(Guild guild, long channelId) {
    return hubs(guild).contains(channelId);
  }

  private List<Long> hubs(Guild guild) {
    return context.storage().config().get(TempVcCog.HUBS, ConfigScope.guild(guild.getIdLong()));
  }

  /** The people (not bots) in a voice channel. */
  static List<Member> people(AudioChannel channel) {
    return channel.getMembers().stream().filter(m -> !m.getUser().isBot()).toList();
  }

  static Optional<VoiceChannel> voiceChannelOf(Member member) {
    GuildVoiceState state = member.getVoiceState();
    if (state == null || state.getChannel() == null || !(state.getChannel() instanceof VoiceChannel voice)) {
      return Optional.empty();
    }
    return Optional.of(voice);
  }
}
