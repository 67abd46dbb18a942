package dev.cogwheel.plugins.moderation;

import dev.cogwheel.storage.Pid;
import dev.cogwheel.storage.service.StorageService;
import dev.cogwheel.storage.table.Key;
import dev.cogwheel.storage.table.Operator;
import dev.cogwheel.storage.table.Query;
import dev.cogwheel.storage.table.Table;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** The cases of every guild in moderation_cases, and their numbers: an atomic increment per guild in moderation_counters. */
final class CaseStore {

  /** A row of moderation_counters. */
  private record Counter(long guildId, long lastCase) {}

  private final Table<Case> cases;
  private final Table<Counter> counters;

  CaseStore(StorageService storage) {
    this.cases = storage.table("moderation_cases", Case.class);
    this.counters = storage.table("moderation_counters", Counter.class);
  }

  /** Gives out a guild's next case number; a number is never given out twice, even if its case is not stored. */
  long nextNumber(long guildId) {
    return counters.increment(Key.of(guildId), "last_case", 1);
  }

  void insert(Case c) {
    cases.insert(c);
  }

  void update(Case c) {
    cases.update(c);
  }

  /** Withdraws a case whose action did not happen. */
  void delete(long guildId, long number) {
    cases.delete(Key.of(guildId, number));
  }

  Optional<Case> find(long guildId, long number) {
    return cases.find(Key.of(guildId, number));
  }

  /** Marks a case ended, unless it is already. */
  void end(long guildId, long number, Instant at) {
    find(guildId, number).filter(c -> c.endedAt() == null).ifPresent(c -> cases.update(c.ended(at)));
  }

  /** A member's latest cases in a guild, newest first. */
  List<Case> latestOf(long guildId, Pid target, int limit) {
    return cases.query(Query.where("guild_id", guildId).and("target", target).orderByDescending("number").limit(limit));
  }

  /** How many cases a member has in a guild. */
  long countOf(long guildId, Pid target) {
    return cases.count(Query.where("guild_id", guildId).and("target", target));
  }

  /** A member's tempbans in a guild that have not ended. */
  List<Case> openTempbansOf(long guildId, Pid target) {
    return cases.query(Query.where("guild_id", guildId).and("target", target).and("action", Action.TEMPBAN)
        .and("ended_at", Operator.IS_NULL, null));
  }

  /** The cases about a member, in every guild. */
  List<Case> about(Pid target) {
    return cases.query(Query.where("target", target));
  }

  /** The cases a moderator handled, in every guild. */
  List<Case> handledBy(Pid moderator) {
    return cases.query(Query.where("moderator", moderator));
  }

  /**
   * Deletes the cases about a member, in every guild.
   *
   * @return how many there were
   */
  int deleteAbout(Pid target) {
    return cases.deleteWhere(Query.where("target", target));
  }
}
