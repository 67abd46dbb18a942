/**
 * The host's composition root: {@link dev.cogwheel.runtime.Host} builds a process from its parts
 * (storage backend, plugins, bot, metrics, {@link dev.cogwheel.runtime.HostComponent}s such as the
 * panel) and owns their start and stop order.
 *
 * <p>Owns: the wiring and the lifecycle order. May use every runtime package and the storage SPI;
 * nothing in the runtime depends on this package.
 */
package dev.cogwheel.runtime;
