/**
 * The one class that the host defines in a named module of its own at run time ({@code cogwheel.guard},
 * opening no package), so that the JVM's strong encapsulation keeps plugins out of the host objects it
 * holds. Never loaded by the host's class loader. May use only {@code java.base}.
 */
package dev.cogwheel.runtime.guard;
