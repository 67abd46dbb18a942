package dev.cogwheel.plugins.economy;

import dev.cogwheel.storage.Pid;
import dev.cogwheel.storage.privacy.UserDataRecord;
import dev.cogwheel.storage.service.StorageService;
import dev.cogwheel.storage.service.Transaction;
import dev.cogwheel.storage.table.Key;
import dev.cogwheel.storage.table.Query;
import dev.cogwheel.storage.table.Table;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * Every change of a balance, each in one storage transaction that also writes its audit row. A
 * transaction first locks the rows it changes (an increment by zero, which creates a missing row at 0),
 * always in Pid order so that two opposite transfers never deadlock, then checks the sender's locked
 * balance: no balance ever goes below zero, however many transfers run at once.
 */
final class Ledger {

  static final String BALANCES = "economy_balances";
  static final String TRANSFERS = "economy_transfers";

  /** What moved money. */
  enum Kind { PAY, DAILY, GRANT, FINE }

  /** A row of economy_balances. */
  record Balance(long guildId, Pid pid, long balance, Instant lastDaily) {}

  /** A row of economy_transfers: {@code fromPid} is null for a grant or daily, {@code toPid} for a fine. */
  record Transfer(UUID id, long guildId, Kind kind, Pid fromPid, Pid toPid, Pid actorPid, long amount, String note,
      Instant createdAt) {}

  /** The balances after a transfer; a side without a party is -1. */
  record Moved(long from, long to) {}

  /** The sender had less than the amount; nothing was changed. */
  static final class InsufficientFunds extends RuntimeException {
    private final long balance;

    InsufficientFunds(long balance) {
      super("balance " + balance + " is below the amount", null, false, false);
      this.balance = balance;
    }

    long balance() {
      return balance;
    }
  }

  /** The daily was taken less than the cooldown ago; nothing was changed. */
  static final class DailyNotDue extends RuntimeException {
    private final Duration left;

    DailyNotDue(Duration left) {
      super("the next daily is due in " + left, null, false, false);
      this.left = left;
    }

    Duration left() {
      return left;
    }
  }

  private final StorageService storage;
  private final Table<Balance> balances;

  Ledger(StorageService storage) {
    this.storage = storage;
    this.balances = storage.table(BALANCES, Balance.class);
  }

  /** A member's balance, 0 when they never had one. */
  long balance(long guild, Pid pid) {
    return balances.find(Key.of(guild, pid)).map(Balance::balance).orElse(0L);
  }

  /**
   * Moves {@code amount} from one member to another (a payment), to a member from nobody (a grant), or
   * from a member to nobody (a fine), and records it.
   *
   * @param from who pays, or null for a grant
   * @param to who receives, or null for a fine
   * @param actor who made it happen
   * @param note the payer's note or the admin's reason, or null
   * @return the balances afterwards
   * @throws InsufficientFunds if {@code from} has less than {@code amount}
   */
  Moved move(long guild, Kind kind, Pid from, Pid to, Pid actor, long amount, String note) {
    if (amount <= 0) {
      throw new IllegalArgumentException("amount must be positive, got " + amount);
    }
    if (Objects.equals(from, to)) {
      throw new IllegalArgumentException("a transfer needs two different parties");
    }
    return storage.withTransaction(tx -> {
      Table<Balance> rows = tx.table(BALANCES, Balance.class);
      Map<Pid, Long> locked = new HashMap<>();
      Stream.of(from, to).filter(Objects::nonNull).sorted(Comparator.comparing(Pid::value))
          .forEach(pid -> locked.put(pid, rows.increment(Key.of(guild, pid), "balance", 0)));
      if (from != null && locked.get(from) < amount) {
        throw new InsufficientFunds(locked.get(from));
      }
      long fromAfter = from == null ? -1 : rows.increment(Key.of(guild, from), "balance", -amount);
      long toAfter = to == null ? -1 : rows.increment(Key.of(guild, to), "balance", amount);
      record(tx, new Transfer(UUID.randomUUID(), guild, kind, from, to, actor, amount, note, Instant.now()));
      return new Moved(fromAfter, toAfter);
    });
  }

  /**
   * Gives a member their daily amount if their last daily is at least {@code cooldown} ago.
   *
   * @return the balance afterwards
   * @throws DailyNotDue if it is too early
   */
  long daily(long guild, Pid pid, long amount, Duration cooldown, Instant now) {
    return storage.withTransaction(tx -> {
      Table<Balance> rows = tx.table(BALANCES, Balance.class);
      Key key = Key.of(guild, pid);
      rows.increment(key, "balance", 0);
      Balance row = rows.find(key).orElseThrow();
      if (row.lastDaily() != null) {
        Instant due = row.lastDaily().plus(cooldown);
        if (now.isBefore(due)) {
          throw new DailyNotDue(Duration.between(now, due));
        }
      }
      rows.update(new Balance(guild, pid, row.balance() + amount, now));
      record(tx, new Transfer(UUID.randomUUID(), guild, Kind.DAILY, null, pid, pid, amount, null, now));
      return row.balance() + amount;
    });
  }

  private static void record(Transaction tx, Transfer transfer) {
    tx.table(TRANSFERS, Transfer.class).insert(transfer);
  }

  /** What /mydata export shows: the member's balances, and the transfers they took part in, oldest first. */
  List<UserDataRecord> export(Pid pid) {
    List<UserDataRecord> records = new ArrayList<>();
    for (Balance row : balances.query(Query.where("pid", pid))) {
      Map<String, String> fields = new LinkedHashMap<>();
      fields.put("guild_id", Long.toString(row.guildId()));
      fields.put("balance", Long.toString(row.balance()));
      fields.put("last_daily", row.lastDaily() == null ? "" : row.lastDaily().toString());
      records.add(new UserDataRecord(BALANCES, fields));
    }
    for (Transfer t : transfersOf(pid)) {
      // The other party's Pid is theirs, not this member's: it is left out.
      Map<String, String> fields = new LinkedHashMap<>();
      fields.put("guild_id", Long.toString(t.guildId()));
      fields.put("kind", t.kind().name().toLowerCase(Locale.ROOT));
      fields.put("role", pid.equals(t.fromPid()) ? "sender" : pid.equals(t.toPid()) ? "receiver" : "admin");
      fields.put("amount", Long.toString(t.amount()));
      fields.put("note", t.note() == null ? "" : t.note());
      fields.put("created_at", t.createdAt().toString());
      records.add(new UserDataRecord(TRANSFERS, fields));
    }
    return records;
  }

  private List<Transfer> transfersOf(Pid pid) {
    Table<Transfer> transfers = storage.table(TRANSFERS, Transfer.class);
    Map<UUID, Transfer> found = new HashMap<>();
    for (String column : List.of("from_pid", "to_pid", "actor_pid")) {
      transfers.query(Query.where(column, pid)).forEach(t -> found.put(t.id(), t));
    }
    return found.values().stream().sorted(Comparator.comparing(Transfer::createdAt)).toList();
  }

  /**
   * Forgets a member: deletes their balances and removes their Pid from every transfer (the other
   * party keeps the record of the amount).
   *
   * @return how many rows were deleted or changed
   */
  int forget(Pid pid) {
    return storage.withTransaction(tx -> {
      Table<Transfer> transfers = tx.table(TRANSFERS, Transfer.class);
      int changed = 0;
      for (Transfer t : transfersOf(pid)) {
        transfers.update(new Transfer(t.id(), t.guildId(), t.kind(), without(t.fromPid(), pid), without(t.toPid(), pid),
            without(t.actorPid(), pid), t.amount(), t.note(), t.createdAt()));
        changed++;
      }
      return changed + tx.table(BALANCES, Balance.class).deleteWhere(Query.where("pid", pid));
    });
  }

  private static Pid without(Pid value, Pid forgotten) {
    return forgotten.equals(value) ? null : value;
  }
}
