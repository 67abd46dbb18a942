/**
 * The load-time check of a plugin's bytecode: {@code PluginClassFiles} reads every class file the
 * plugin's class loader could define (multi-release entries included; nested jars refused),
 * {@code CheckRules} holds what plugins may not use, {@code LoadCheck} holds each class against them,
 * and each {@code Finding} names the class, member and {@code Rule}. docs/security.md says what is
 * refused and why.
 *
 * <p>Owns nothing that runs: the plugin manager calls the check before a plugin's migrations and
 * start. May use the JDK and ASM only.
 */
package dev.cogwheel.runtime.plugin.check;
