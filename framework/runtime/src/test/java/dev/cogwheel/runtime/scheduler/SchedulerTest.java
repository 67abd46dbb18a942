package dev.cogwheel.runtime.scheduler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cogwheel.api.scheduler.ScheduledTask;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class SchedulerTest {

  private final ExecutorService workers = Executors.newSingleThreadExecutor();
  private final PluginScheduler scheduler = new PluginScheduler("sched", r -> new Thread(r, "cog-sched-scheduler-1"), workers,
      LoggerFactory.getLogger("cog.sched"));

  @Test
  void aRepeatedTaskThatThrowsKeepsItsSchedule() throws Exception {
    AtomicInteger runs = new AtomicInteger();
    CountDownLatch three = new CountDownLatch(3);
    ScheduledTask task = scheduler.repeat(Duration.ZERO, Duration.ofMillis(5), () -> {
      runs.incrementAndGet();
      three.countDown();
      throw new IllegalStateException("every time");
    });

    assertThat(three.await(10, TimeUnit.SECONDS)).isTrue();
    task.cancel();
    assertThat(task.isCancelled()).isTrue();
    scheduler.shutdown();
    workers.shutdown();
  }

  @Test
  void stoppingThePluginCancelsItsTasks() throws Exception {
    ScheduledTask later = scheduler.schedule(Duration.ofHours(1), () -> { });

    scheduler.shutdown();

    assertThat(later.isCancelled()).isTrue();
    assertThat(later.isDone()).isTrue();
    assertThat(scheduler.awaitTermination(Duration.ofSeconds(5))).isTrue();
    workers.shutdown();
  }

  @Test
  void badDelaysAreRefusedWithTheValue() {
    assertThatThrownBy(() -> scheduler.schedule(Duration.ofSeconds(-1), () -> { }))
        .hasMessage("A task's delay cannot be negative, got PT-1S");
    assertThatThrownBy(() -> scheduler.repeat(Duration.ZERO, Duration.ZERO, () -> { }))
        .hasMessage("The period of a repeated task must be positive, got PT0S");
    scheduler.shutdown();
    workers.shutdown();
  }
}
