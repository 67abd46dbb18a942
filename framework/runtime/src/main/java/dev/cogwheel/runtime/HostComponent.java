package dev.cogwheel.runtime;

/**
 * A part of the process that runs on top of a started host, such as the admin panel: started after the
 * storage, the plugins and the bot, and stopped before them, so it never acts on a host that is not
 * (or no longer) running.
 */
@FunctionalInterface
public interface HostComponent {

  /**
   * Starts the component.
   *
   * @param host the running host
   * @return what stops it; closed once, when the host stops
   * @throws RuntimeException if it cannot start: the host stops what it started and rethrows
   */
  AutoCloseable start(Host host);
}
