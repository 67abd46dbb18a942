package dev.cogwheel.plugins.tempvc;

import dev.cogwheel.api.plugin.Quarantine;
import dev.cogwheel.storage.Pid;
import dev.cogwheel.storage.state.StateEntry;
import dev.cogwheel.storage.state.StateStore;
import java.util.List;
import java.util.Optional;

/**
 * The live temporary channels in State storage. Every change of an existing channel is a
 * compare-and-set against the version it was read at, so two handlers changing one channel at once
 * (a {@code /vc transfer} while the owner leaves) never overwrite each other: the second one sees
 * {@code false} and reads again.
 */
final class TempChannels {

  /** A channel with the State version it was read at. */
  record Stored(TempChannel channel, long version) {}

  private final StateStore state;
  private final Quarantine quarantine;

  TempChannels(StateStore state, Quarantine quarantine) {
    this.state = state;
    this.quarantine = quarantine;
  }

  /**
   * Records a new channel.
   *
   * @return false if the channel was already recorded
   */
  boolean create(TempChannel channel) {
    return state.compareAndSet(channel.key(), StateStore.ABSENT, channel.toJson()).isPresent();
  }

  Optional<Stored> find(long guildId, long channelId) {
    return state.find(TempChannel.key(guildId, channelId)).flatMap(this::read);
  }

  /** A guild's channels, ordered by key. */
  List<Stored> list(long guildId) {
    return state.list(TempChannel.guildPrefix(guildId)).stream().map(this::read).flatMap(Optional::stream).toList();
  }

  /** The channels of every guild owned by a Pid. */
  List<Stored> ownedBy(Pid pid) {
    return state.list("vc/").stream().map(this::read).flatMap(Optional::stream)
        .filter(s -> s.channel().isOwnedBy(pid)).toList();
  }

  /**
   * Gives a channel a new owner (or none), unless it changed since it was read.
   *
   * @return whether the change was made
   */
  boolean changeOwner(Stored stored, Pid newOwner) {
    TempChannel changed = stored.channel().withOwner(newOwner);
    return state.compareAndSet(changed.key(), stored.version(), changed.toJson()).isPresent();
  }

  /**
   * Leaves every channel a Pid owns without an owner (for {@code /mydata forget}), retrying where a
   * concurrent change came first and the Pid still owns the channel.
   *
   * @return how many channels it owned
   */
  int disown(Pid pid) {
    int disowned = 0;
    for (Stored stored : ownedBy(pid)) {
      Optional<Stored> current = Optional.of(stored);
      while (current.isPresent() && current.get().channel().isOwnedBy(pid)) {
        if (changeOwner(current.get(), null)) {
          disowned++;
          break;
        }
        current = find(stored.channel().guildId(), stored.channel().channelId());
      }
    }
    return disowned;
  }

  /**
   * Forgets a channel.
   *
   * @return whether it was recorded
   */
  boolean remove(TempChannel channel) {
    return state.delete(channel.key());
  }

  /** Decodes a channel; one that cannot be decoded is quarantined, left in storage and skipped. */
  private Optional<Stored> read(StateEntry entry) {
    try {
      return Optional.of(new Stored(TempChannel.fromJson(entry.key(), entry.value()), entry.version()));
    } catch (RuntimeException e) {
      quarantine.add(entry.key(), "this temporary channel's record cannot be read (" + e.getClass().getSimpleName()
          + "); the channel is left alone: delete it in Discord and the state entry, or fix the entry");
      return Optional.empty();
    }
  }
}
