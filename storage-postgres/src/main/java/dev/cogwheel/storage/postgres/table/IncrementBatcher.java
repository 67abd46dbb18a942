package dev.cogwheel.storage.postgres.table;

import dev.cogwheel.storage.StorageException;
import dev.cogwheel.storage.StorageUnavailableException;
import dev.cogwheel.storage.postgres.core.SessionRunner;
import dev.cogwheel.storage.postgres.core.SqlErrors;
import dev.cogwheel.storage.postgres.core.StorageMetrics;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedTransferQueue;
import java.util.concurrent.TimeUnit;
import org.apache.ibatis.session.SqlSession;
import org.apache.ibatis.session.SqlSessionFactory;

/**
 * Group commit for {@link dev.cogwheel.storage.table.Table#incrementAsync}. Rows are split by hash
 * among a few committer threads. Each takes every increment of its rows that queued while its previous
 * batch was committing, sums them per row, writes each table and column with one auto-committed
 * statement ({@link IncrementStatements}), and only then completes the callers' futures. Under load a
 * batch holds many callers, so the cost is a statement and a commit per batch rather than per
 * increment, and the committers' batches are in flight at the same time, on different pooled
 * connections. If a statement fails, its increments are retried one by one, so a bad one fails alone.
 *
 * <p>A row always goes to the same committer, so batches that run at the same time never touch the
 * same row (they never wait for each other's row locks) and each row's increments are applied in the
 * order they were submitted; callers of one row see the values that order gives them.
 */
public final class IncrementBatcher implements AutoCloseable {

  private static final int MAX_BATCH = 4096;

  /**
   * Groups requests by table and column and orders each group's rows by key, the order they are locked
   * in, in every batch and every process, so concurrent batches cannot deadlock. The sort is stable, so
   * one row's callers stay in the order they were submitted.
   */
  private static final Comparator<IncrementRequest> LOCK_ORDER = IncrementBatcher::compareLockOrder;

  private final SqlSessionFactory sessions;
  private final Committer[] committers;
  /** Shapes ({@link IncrementTarget#shape}) whose upsert failed on a NOT NULL column. */
  private final Set<String> updateFirst = ConcurrentHashMap.newKeySet();
  private volatile boolean running = true;

  /**
   * Starts the committer threads.
   *
   * @param sessions opens the batches' sessions
   * @param name names the threads
   * @param poolSize the size of the connection pool the sessions draw from
   */
  public IncrementBatcher(SqlSessionFactory sessions, String name, int poolSize) {
    this.sessions = sessions;
    // Each committer has one batch in flight on one pooled connection, so while one waits for its
    // commit (a WAL flush, shared by commits that arrive together) another can run its statement. At
    // most half the pool, so finds, upserts, transactions and config reads still find a connection; and
    // at most 2, because more committers split the same callers into smaller batches, each paying its
    // own statement and commit. Where the database and the bot share a few cores, that per-batch cost is
    // what limits throughput: with 64 callers on 2 cores and PostgreSQL 15 (fsync on), 1 and 2
    // committers measured the same (about 50,000 increments/s), 4 about 15% less, and before the
    // statements got cheaper 4 committers were a third slower than 1.
    int count = Math.max(1, Math.min(2, poolSize / 2));
    this.committers = new Committer[count];
    for (int i = 0; i < count; i++) {
      committers[i] = new Committer("cogwheel-increments-" + name + "-" + i);
    }
  }

  void submit(IncrementRequest request) {
    if (!running) {
      request.result().completeExceptionally(closed(request));
      return;
    }
    Queue<IncrementRequest> queue = committerOf(request).queue;
    queue.add(request);
    // close() may have drained the queue between the check above and the add; then nobody else
    // would ever complete this request.
    if (!running && queue.remove(request)) {
      request.result().completeExceptionally(closed(request));
    }
  }

  /** Runs one increment at once in the caller's transaction. */
  static long runNow(SessionRunner runner, IncrementRequest request) {
    // Update first: a failed upsert would abort the caller's whole transaction.
    return runner.run(request.what(), s -> increment(s, false, List.of(request))[0]);
  }

  /**
   * The committer of the request's row: a hash of the table and the key, not the column, since
   * increments of two columns of one row lock the same row.
   */
  private Committer committerOf(IncrementRequest request) {
    if (committers.length == 1) {
      return committers[0];
    }
    int hash = request.target().table().hashCode();
    for (String text : request.keyTexts()) {
      hash = 31 * hash + text.hashCode();
    }
    return committers[Math.floorMod(hash ^ (hash >>> 16), committers.length)];
  }

  /**
   * Writes a batch with one auto-committed statement per table and column: the statement is its own
   * transaction, so its commit needs no further round trip, and a transaction only ever locks rows of
   * one table, in {@link #LOCK_ORDER}. The futures are completed only once the connection is back in
   * the pool, since their callbacks run on this thread.
   */
  private void commit(List<IncrementRequest> batch) {
    StorageMetrics.incrementBatch(batch.size());
    List<IncrementRequest> sorted = new ArrayList<>(batch);
    sorted.sort(LOCK_ORDER);
    long[] values = new long[sorted.size()];
    StorageException[] failures = new StorageException[sorted.size()];
    int done = 0;
    try (SqlSession session = sessions.openSession(true)) {
      while (done < sorted.size()) {
        IncrementRequest first = sorted.get(done);
        int end = done + 1;
        while (end < sorted.size() && sameStatement(first, sorted.get(end))) {
          end++;
        }
        commitGroup(session, sorted.subList(done, end), done, values, failures);
        done = end;
      }
    } catch (RuntimeException e) {
      // Only opening or closing the session fails here; the groups that ran keep their outcomes.
      if (done < sorted.size()) {
        StorageException failure = SqlErrors.translate(e, sorted.get(done).what());
        for (int i = done; i < sorted.size(); i++) {
          failures[i] = failure;
        }
      }
    }
    for (int i = 0; i < sorted.size(); i++) {
      if (failures[i] != null) {
        sorted.get(i).result().completeExceptionally(failures[i]);
      } else {
        sorted.get(i).result().complete(values[i]);
      }
    }
  }

  /** Runs a group; its outcomes go to {@code values} or {@code failures} from {@code offset} on. */
  private void commitGroup(SqlSession session, List<IncrementRequest> group, int offset, long[] values,
      StorageException[] failures) {
    String shape = group.get(0).target().shape();
    boolean upsert = !updateFirst.contains(shape);
    try {
      long[] groupValues = increment(session, upsert, group);
      System.arraycopy(groupValues, 0, values, offset, groupValues.length);
    } catch (RuntimeException e) {
      if (upsert && notNullViolation(e)) {
        // The table has a required column the upsert cannot fill; from now on update first.
        updateFirst.add(shape);
        commitGroup(session, group, offset, values, failures);
        return;
      }
      StorageException failure = SqlErrors.translate(e, group.get(0).what());
      if (group.size() > 1 && !(failure instanceof StorageUnavailableException)) {
        // One bad increment (say of a missing row of a table with a required column) must not fail
        // the others.
        for (int i = 0; i < group.size(); i++) {
          commitGroup(session, group.subList(i, i + 1), offset + i, values, failures);
        }
      } else {
        for (int i = 0; i < group.size(); i++) {
          failures[offset + i] = failure;
        }
      }
    }
  }

  private static boolean notNullViolation(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof SQLException sql) {
        return "23502".equals(sql.getSQLState());
      }
    }
    return false;
  }

  /**
   * Runs one statement for requests of one table and column, sorted by key: each run of equal keys is
   * one row of the statement.
   *
   * @return the value each request sees, in the group's order
   */
  private static long[] increment(SqlSession session, boolean upsert, List<IncrementRequest> group) {
    int[] rowStarts = new int[group.size() + 1];
    int rows = 0;
    for (int i = 0; i < group.size(); i++) {
      if (i == 0 || !Arrays.equals(group.get(i).keyTexts(), group.get(i - 1).keyTexts())) {
        rowStarts[rows++] = i;
      }
    }
    rowStarts[rows] = group.size();
    int keyCount = group.get(0).keyTexts().length;
    String[][] keyArrays = new String[keyCount][rows];
    Long[] deltas = new Long[rows];
    for (int row = 0; row < rows; row++) {
      String[] texts = group.get(rowStarts[row]).keyTexts();
      for (int k = 0; k < keyCount; k++) {
        keyArrays[k][row] = texts[k];
      }
      long delta = 0;
      for (int i = rowStarts[row]; i < rowStarts[row + 1]; i++) {
        delta = Math.addExact(delta, group.get(i).delta());
      }
      deltas[row] = delta;
    }
    long[] after = IncrementStatements.run(session, upsert, group.get(0).target(), keyArrays, deltas);
    long[] values = new long[group.size()];
    for (int row = 0; row < rows; row++) {
      // Callers of one row see the values a serial order would give them: the last gets the total.
      long value = after[row];
      for (int i = rowStarts[row + 1] - 1; i >= rowStarts[row]; i--) {
        values[i] = value;
        value -= group.get(i).delta();
      }
    }
    return values;
  }

  private static boolean sameStatement(IncrementRequest a, IncrementRequest b) {
    return a.target() == b.target() || a.target().shape().equals(b.target().shape());
  }

  private static int compareLockOrder(IncrementRequest a, IncrementRequest b) {
    if (a.target() != b.target()) {
      int c = a.target().shape().compareTo(b.target().shape());
      if (c != 0) {
        return c;
      }
    }
    return Arrays.compare(a.keyTexts(), b.keyTexts());
  }

  private static StorageUnavailableException closed(IncrementRequest request) {
    return new StorageUnavailableException(request.what() + " failed: the storage backend is closed.", null);
  }

  /** Commits what is queued, then stops the threads; later increments fail as unavailable. */
  @Override
  public void close() {
    running = false;
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    try {
      for (Committer committer : committers) {
        TimeUnit.NANOSECONDS.timedJoin(committer.thread, Math.max(1, deadline - System.nanoTime()));
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    for (Committer committer : committers) {
      IncrementRequest left;
      while ((left = committer.queue.poll()) != null) {
        left.result().completeExceptionally(closed(left));
      }
    }
  }

  /** One committer thread and the queue of its rows' increments. */
  private final class Committer {

    // Lock-free: with many callers, a lock shared by their adds and this thread's takes made each side
    // wait for the other.
    private final LinkedTransferQueue<IncrementRequest> queue = new LinkedTransferQueue<>();
    private final Thread thread;

    Committer(String threadName) {
      thread = new Thread(this::loop, threadName);
      thread.setDaemon(true);
      thread.start();
    }

    private void loop() {
      List<IncrementRequest> batch = new ArrayList<>();
      while (running || !queue.isEmpty()) {
        try {
          IncrementRequest first = queue.poll(100, TimeUnit.MILLISECONDS);
          if (first == null) {
            continue;
          }
          batch.add(first);
          queue.drainTo(batch, MAX_BATCH - 1);
          commit(batch);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return;
        } finally {
          batch.clear();
        }
      }
    }
  }
}
