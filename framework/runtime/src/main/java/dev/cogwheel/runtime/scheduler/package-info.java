/**
 * A plugin's scheduler: delayed and repeating tasks on the plugin's own threads, guarded so that a
 * task that throws is logged and never kills the schedule, and shut down with the plugin's version.
 *
 * <p>Owns: the implementation of {@code dev.cogwheel.api.scheduler.Scheduler}. May use the SDK only.
 */
package dev.cogwheel.runtime.scheduler;
