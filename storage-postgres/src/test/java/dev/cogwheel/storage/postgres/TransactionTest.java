package dev.cogwheel.storage.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cogwheel.storage.StorageConflictException;
import dev.cogwheel.storage.service.StorageService;
import dev.cogwheel.storage.service.Transaction;
import dev.cogwheel.storage.state.StateEntry;
import dev.cogwheel.storage.state.StateStore;
import dev.cogwheel.storage.table.Key;
import dev.cogwheel.storage.table.Query;
import dev.cogwheel.storage.table.Table;
import dev.cogwheel.testing.postgres.PostgresExtension;
import dev.cogwheel.testing.postgres.TestSchema;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(PostgresExtension.class)
class TransactionTest {

  static final String MISUSE = "plugin economy: a Transaction is valid only inside its withTransaction callback,"
      + " on the thread that runs it.";

  static TestSchema schema;
  static PostgresStorageBackend backend;
  static StorageService economy;

  record Wallet(String owner, long balance) {}

  static final class Boom extends RuntimeException {
    private static final long serialVersionUID = 1L;

    Boom() {
      super("the cog failed half way");
    }
  }

  @BeforeAll
  static void open(TestSchema testSchema) {
    schema = testSchema;
    backend = Backends.open(schema);
    economy = backend.forPlugin("economy");
  }

  @AfterAll
  static void close() {
    backend.close();
  }

  private static Table<Wallet> wallets(String name) {
    Backends.sql(schema, "CREATE TABLE " + name + " (owner text PRIMARY KEY, balance bigint NOT NULL DEFAULT 0"
        + " CHECK (balance >= 0))");
    return economy.table(name, Wallet.class);
  }

  @Test
  void tableAndStateWritesCommitTogether() {
    Table<Wallet> outside = wallets("economy_commit");
    outside.insert(new Wallet("ann", 100));
    String result = economy.withTransaction(tx -> {
      Table<Wallet> table = tx.table("economy_commit", Wallet.class);
      assertThat(table.increment(Key.of("ann"), "balance", -30)).isEqualTo(70);
      table.insert(new Wallet("bea", 30));
      tx.state().put("last-transfer", "ann->bea 30");
      assertThat(committedBalance("economy_commit", "bea")).as("not visible before commit").isNull();
      assertThat(economy.state().find("last-transfer")).as("not visible before commit").isEmpty();
      return "transferred";
    });
    assertThat(result).isEqualTo("transferred");
    assertThat(outside.query(Query.all().orderBy("owner"))).containsExactly(new Wallet("ann", 70), new Wallet("bea", 30));
    assertThat(economy.state().find("last-transfer")).get().extracting(StateEntry::value).isEqualTo("ann->bea 30");
  }

  @Test
  void aThrowingCallbackLeavesNothingBehindAndItsExceptionIsRethrownAsItIs() {
    Table<Wallet> outside = wallets("economy_thrown");
    outside.insert(new Wallet("ann", 100));
    Boom boom = new Boom();
    assertThatThrownBy(() -> economy.useTransaction(tx -> {
      Table<Wallet> table = tx.table("economy_thrown", Wallet.class);
      table.insert(new Wallet("bea", 5));
      table.upsert(new Wallet("ann", 1));
      table.increment(Key.of("cid"), "balance", 9);
      tx.state().put("thrown", "half done");
      throw boom;
    })).isSameAs(boom);
    AssertionError error = new AssertionError("an Error from the cog");
    assertThatThrownBy(() -> economy.useTransaction(tx -> {
      tx.table("economy_thrown", Wallet.class).insert(new Wallet("dan", 5));
      tx.state().put("thrown", "half done");
      throw error;
    })).isSameAs(error);
    assertThat(outside.query(Query.all())).containsExactly(new Wallet("ann", 100));
    assertThat(economy.state().find("thrown")).isEmpty();
  }

  @Test
  void incrementsInsideATransactionApplyAtOnceAndRollBackWithIt() throws Exception {
    Table<Wallet> outside = wallets("economy_increments");
    outside.insert(new Wallet("ann", 100));
    Boom boom = new Boom();
    assertThatThrownBy(() -> economy.useTransaction(tx -> {
      Table<Wallet> table = tx.table("economy_increments", Wallet.class);
      assertThat(table.increment(Key.of("ann"), "balance", -30)).isEqualTo(70);
      CompletableFuture<Long> async = table.incrementAsync(Key.of("ann"), "balance", -30);
      assertThat(async).isCompletedWithValue(40L);
      assertThat(table.incrementAsync(Key.of("new"), "balance", 5)).isCompletedWithValue(5L);
      assertThat(table.find(Key.of("ann"))).contains(new Wallet("ann", 40));
      assertThat(committedBalance("economy_increments", "ann")).isEqualTo(100);
      assertThat(committedBalance("economy_increments", "new")).isNull();
      throw boom;
    })).isSameAs(boom);
    assertThat(outside.query(Query.all())).containsExactly(new Wallet("ann", 100));

    long after = economy.withTransaction(tx -> tx.table("economy_increments", Wallet.class)
        .increment(Key.of("ann"), "balance", -60));
    assertThat(after).isEqualTo(40);
    assertThat(committedBalance("economy_increments", "ann")).isEqualTo(40);
    assertThat(outside.incrementAsync(Key.of("ann"), "balance", 2).get(1, TimeUnit.MINUTES)).isEqualTo(42);
  }

  @Test
  void groupCommittedIncrementsOfARowATransactionHoldsWaitForItsCommit() throws Exception {
    Table<Wallet> outside = wallets("economy_waiting");
    outside.insert(new Wallet("ann", 100));
    CompletableFuture<Long> queued = economy.withTransaction(tx -> {
      assertThat(tx.table("economy_waiting", Wallet.class).increment(Key.of("ann"), "balance", 10)).isEqualTo(110);
      CompletableFuture<Long> waiting = outside.incrementAsync(Key.of("ann"), "balance", 1);
      assertThat(waiting).as("blocked on the transaction's row lock").isNotDone();
      return waiting;
    });
    assertThat(queued.get(1, TimeUnit.MINUTES)).isEqualTo(111);
    assertThat(committedBalance("economy_waiting", "ann")).isEqualTo(111);
  }

  @Test
  void aTransactionUsedAfterItsCallbackReturnedFailsClearly() {
    Table<Wallet> outside = wallets("economy_escaped");
    AtomicReference<Transaction> escapedTx = new AtomicReference<>();
    AtomicReference<Table<Wallet>> escapedTable = new AtomicReference<>();
    AtomicReference<StateStore> escapedState = new AtomicReference<>();
    economy.useTransaction(tx -> {
      escapedTx.set(tx);
      escapedTable.set(tx.table("economy_escaped", Wallet.class));
      escapedState.set(tx.state());
    });
    assertThatThrownBy(() -> escapedTx.get().table("economy_escaped", Wallet.class))
        .isInstanceOf(IllegalStateException.class).hasMessage(MISUSE);
    assertThatThrownBy(() -> escapedTable.get().insert(new Wallet("late", 1)))
        .isInstanceOf(IllegalStateException.class).hasMessage(MISUSE);
    assertThatThrownBy(() -> escapedTable.get().find(Key.of("late")))
        .isInstanceOf(IllegalStateException.class).hasMessage(MISUSE);
    assertThatThrownBy(() -> escapedTable.get().increment(Key.of("late"), "balance", 1))
        .isInstanceOf(IllegalStateException.class).hasMessage(MISUSE);
    assertThatThrownBy(() -> escapedState.get().put("late", "v"))
        .isInstanceOf(IllegalStateException.class).hasMessage(MISUSE);
    assertThatThrownBy(() -> escapedTx.get().state().find("late"))
        .isInstanceOf(IllegalStateException.class).hasMessage(MISUSE);
    assertThat(outside.count(Query.all())).isZero();
    assertThat(economy.state().find("late")).isEmpty();
  }

  @Test
  void aTransactionUsedFromAnotherThreadFailsClearly() {
    Table<Wallet> outside = wallets("economy_threads");
    economy.useTransaction(tx -> {
      Table<Wallet> table = tx.table("economy_threads", Wallet.class);
      CompletableFuture<Void> elsewhere = CompletableFuture.runAsync(() -> table.insert(new Wallet("other", 1)));
      assertThatThrownBy(elsewhere::join).cause().isInstanceOf(IllegalStateException.class).hasMessage(MISUSE);
      table.insert(new Wallet("owner", 1));
    });
    assertThat(outside.query(Query.all())).containsExactly(new Wallet("owner", 1));
  }

  @Test
  void aConflictInsideATransactionRollsBackEverything() {
    Table<Wallet> outside = wallets("economy_conflict");
    outside.insert(new Wallet("taken", 7));
    assertThatThrownBy(() -> economy.useTransaction(tx -> {
      Table<Wallet> table = tx.table("economy_conflict", Wallet.class);
      table.insert(new Wallet("fresh", 1));
      table.increment(Key.of("taken"), "balance", 100);
      tx.state().put("conflict", "written before the conflict");
      table.insert(new Wallet("taken", 2));
    }))
        .isInstanceOf(StorageConflictException.class)
        .hasMessageStartingWith("plugin economy: insert into economy_conflict failed: duplicate key value")
        .hasMessageContaining("SQLSTATE 23505");
    assertThat(outside.query(Query.all())).containsExactly(new Wallet("taken", 7));
    assertThat(economy.state().find("conflict")).isEmpty();
  }

  @Test
  void aConflictTheCallbackSwallowsStillCommitsNothingAndIsReported() {
    Table<Wallet> outside = wallets("economy_swallowed");
    outside.insert(new Wallet("taken", 7));
    assertThatThrownBy(() -> economy.useTransaction(tx -> {
      Table<Wallet> table = tx.table("economy_swallowed", Wallet.class);
      table.insert(new Wallet("fresh", 1));
      tx.state().put("swallowed", "written before the conflict");
      try {
        table.insert(new Wallet("taken", 2));
      } catch (StorageConflictException ignored) {
        // A cog that ignores the failure must not believe its earlier writes were kept.
      }
    }))
        .isInstanceOf(StorageConflictException.class)
        .hasMessageStartingWith("plugin economy: transaction commit failed: an operation inside it failed"
            + " (plugin economy: insert into economy_swallowed failed: duplicate key value")
        .hasMessageEndingWith("so PostgreSQL rolled the transaction back and nothing was written.");
    assertThat(outside.query(Query.all())).containsExactly(new Wallet("taken", 7));
    assertThat(economy.state().find("swallowed")).isEmpty();
  }

  private static Long committedBalance(String table, String owner) {
    try (Connection plain = schema.connect();
        PreparedStatement s = plain.prepareStatement("SELECT balance FROM " + table + " WHERE owner = ?")) {
      s.setString(1, owner);
      try (ResultSet rs = s.executeQuery()) {
        return rs.next() ? rs.getLong(1) : null;
      }
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }
}
