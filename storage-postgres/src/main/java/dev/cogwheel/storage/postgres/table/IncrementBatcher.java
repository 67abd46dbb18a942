package dev.cogwheel.storage.postgres.table;

import dev.cogwheel.storage.StorageException;
import dev.cogwheel.storage.StorageUnavailableException;
import dev.cogwheel.storage.postgres.SessionRunner;
import dev.cogwheel.storage.postgres.Sessions;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.apache.ibatis.session.SqlSession;
import org.apache.ibatis.session.SqlSessionFactory;

/**
 * Group commit for {@link dev.cogwheel.storage.table.Table#incrementAsync}: one thread takes every
 * increment that queued while the previous batch was committing, sums them per row, writes each table
 * and column with one statement, commits once, and only then completes the callers' futures. Under
 * load a batch holds many callers, so the cost is a commit per batch rather than per increment.
 */
public final class IncrementBatcher implements AutoCloseable {

  private static final int MAX_BATCH = 4096;

  private final SqlSessionFactory sessions;
  private final BlockingQueue<IncrementRequest> queue = new LinkedBlockingQueue<>();
  private final Thread thread;
  private volatile boolean running = true;

  /**
   * Starts the committing thread.
   *
   * @param sessions opens the batch transactions
   * @param name names the thread
   */
  public IncrementBatcher(SqlSessionFactory sessions, String name) {
    this.sessions = sessions;
    this.thread = new Thread(this::loop, "cogwheel-increments-" + name);
    thread.setDaemon(true);
    thread.start();
  }

  void submit(IncrementRequest request) {
    if (!running) {
      request.result().completeExceptionally(
          new StorageUnavailableException(request.what() + " failed: the storage backend is closed.", null));
      return;
    }
    queue.add(request);
  }

  /** Runs one increment at once in the caller's transaction. */
  static long runNow(SessionRunner runner, IncrementRequest request) {
    return runner.run(request.what(), s -> execute(s, List.of(request)).get(request));
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

  private void commit(List<IncrementRequest> batch) {
    Map<IncrementRequest, Long> values;
    try {
      values = Sessions.inTransaction(sessions, batch.get(0).what(), s -> execute(s, batch));
    } catch (StorageException e) {
      if (batch.size() > 1 && !(e instanceof StorageUnavailableException)) {
        // One bad increment (say a NOT NULL column without a default) must not fail the others.
        for (IncrementRequest request : batch) {
          commit(List.of(request));
        }
      } else {
        batch.forEach(r -> r.result().completeExceptionally(e));
      }
      return;
    } catch (RuntimeException e) {
      batch.forEach(r -> r.result().completeExceptionally(e));
      return;
    }
    values.forEach((request, value) -> request.result().complete(value));
  }

  private static Map<IncrementRequest, Long> execute(SqlSession session, List<IncrementRequest> batch) {
    Map<String, List<IncrementRequest>> groups = new LinkedHashMap<>();
    for (IncrementRequest r : batch) {
      groups.computeIfAbsent(r.group(), g -> new ArrayList<>()).add(r);
    }
    Map<IncrementRequest, Long> values = new HashMap<>();
    TableMapper mapper = session.getMapper(TableMapper.class);
    for (List<IncrementRequest> group : groups.values()) {
      // Rows in one order in every batch and every process, so concurrent batches cannot deadlock.
      Map<List<String>, List<IncrementRequest>> byRow = new TreeMap<>(IncrementBatcher::compareKeys);
      for (IncrementRequest r : group) {
        byRow.computeIfAbsent(r.keyTexts(), k -> new ArrayList<>()).add(r);
      }
      IncrementRequest sample = group.get(0);
      int keyCount = sample.keys().size();
      String[][] keyArrays = new String[keyCount][byRow.size()];
      Long[] deltas = new Long[byRow.size()];
      List<List<IncrementRequest>> rows = new ArrayList<>(byRow.values());
      for (int row = 0; row < rows.size(); row++) {
        List<String> texts = rows.get(row).get(0).keyTexts();
        for (int k = 0; k < keyCount; k++) {
          keyArrays[k][row] = texts.get(k);
        }
        deltas[row] = rows.get(row).stream().mapToLong(IncrementRequest::delta).reduce(0L, Math::addExact);
      }
      Map<String, Object> statement = new HashMap<>();
      statement.put("table", sample.table());
      statement.put("column", sample.column());
      statement.put("keys", sample.keys());
      statement.put("keyArrays", List.of(keyArrays));
      statement.put("deltas", deltas);
      for (Map<String, Object> result : mapper.increment(statement)) {
        int row = ((Number) result.get("ord")).intValue() - 1;
        long after = ((Number) result.get("value")).longValue();
        // Callers of one row see the values a serial order would give them: the last gets the total.
        List<IncrementRequest> callers = rows.get(row);
        for (int i = callers.size() - 1; i >= 0; i--) {
          values.put(callers.get(i), after);
          after -= callers.get(i).delta();
        }
      }
    }
    return values;
  }

  private static int compareKeys(List<String> a, List<String> b) {
    for (int i = 0; i < a.size(); i++) {
      int c = a.get(i).compareTo(b.get(i));
      if (c != 0) {
        return c;
      }
    }
    return 0;
  }

  /** Commits what is queued, then stops the thread; later increments fail as unavailable. */
  @Override
  public void close() {
    running = false;
    try {
      thread.join(TimeUnit.SECONDS.toMillis(30));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    IncrementRequest left;
    while ((left = queue.poll()) != null) {
      left.result().completeExceptionally(
          new StorageUnavailableException(left.what() + " failed: the storage backend is closed.", null));
    }
  }
}
